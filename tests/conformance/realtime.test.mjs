// Realtime on the session channel (docs/contracts.md §3 "Realtime"), with the official client on both
// serializers: vsn 2.0.0 (default, binary broadcast frames) and 1.0.0 (JSON objects).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  VSNS,
  anonUser,
  closeClient,
  messageRows,
  pairInSession,
  rowOf,
  sendBatch,
  sessionChannel,
  startServer,
  waitFor,
  waitStatus,
} from './lib/harness.mjs';

const PRESENCE_A = { display_name: 'Alice', language: 'en', state: 'active' };
const PRESENCE_B = { display_name: 'Bruno', language: 'es', state: 'active' };

function keysOf(events) {
  return events.map((e) => e.key);
}

for (const vsn of VSNS) {
  describe(`realtime, vsn ${vsn}`, () => {
    let server;
    let a;
    let b;
    let c;
    let session;
    let chA;
    let chB;
    let rows;
    let stored;
    const extra = [];

    before(async () => {
      server = await startServer();
      a = await anonUser(server, { vsn });
      b = await anonUser(server, { vsn });
      c = await anonUser(server, { vsn });
      session = await pairInSession(a, b);
    });

    after(async () => {
      await Promise.all([a, b, c].map((u) => closeClient(u?.client)));
      await Promise.all(extra.map(closeClient));
      await server?.dispose();
    });

    it('both participants reach SUBSCRIBED on the private session channel', async () => {
      chA = sessionChannel(a.client, session.id, a.id);
      chB = sessionChannel(b.client, session.id, b.id);
      const [sa, sb] = await Promise.all([chA.subscribed, chB.subscribed]);
      assert.equal(sa, 'SUBSCRIBED', `A: ${chA.rec.errors.map((e) => e.message)}`);
      assert.equal(sb, 'SUBSCRIBED', `B: ${chB.rec.errors.map((e) => e.message)}`);
      assert.equal(chA.channel.state, 'joined');
      assert.equal(chB.channel.state, 'joined');
      assert.equal(chA.channel.topic, `realtime:session:${session.id}`);
    });

    it('a batch of 5 reaches the partner as 5 INSERT events in seq order', async () => {
      assert.equal(chB?.rec.statuses.at(-1), 'SUBSCRIBED', 'needs the subscription of the previous test');
      rows = messageRows(session.id, a.id, ['m1', 'm2', 'm3', 'm4', 'm5']);
      const res = await sendBatch(a.client, rows);
      assert.equal(res.error, null, JSON.stringify(res.error));
      assert.equal(res.data.length, 5);
      stored = res.data;
      for (let i = 1; i < 5; i++) assert.ok(stored[i].seq > stored[i - 1].seq, 'seq strictly increasing in array order');

      await waitFor(() => chB.rec.inserts.length >= 5, 5000, 'B receives 5 INSERTs', () => `got ${chB.rec.inserts.length}`);
      const got = chB.rec.inserts;
      assert.equal(got.length, 5);
      got.forEach((ev, i) => {
        assert.equal(ev.eventType, 'INSERT');
        assert.equal(ev.schema, 'public');
        assert.equal(ev.table, 'messages');
        assert.equal(typeof ev.commit_timestamp, 'string');
        assert.equal(ev.errors, null);
        assert.equal(ev.new.id, rows[i].id);
        assert.equal(ev.new.body, rows[i].body);
        assert.equal(ev.new.session_id, session.id);
        assert.equal(ev.new.sender_id, a.id);
        assert.equal(ev.new.client_seq, i + 1);
        assert.equal(ev.new.seq, stored[i].seq, 'event seq equals the stored seq (as a number)');
        assert.equal(ev.new.source_lang, 'en');
      });
      // Postgres changes go to every subscriber, the sender included (the app dedupes by id).
      await waitFor(() => chA.rec.inserts.length >= 5, 5000, 'A receives its own 5 INSERTs');
      assert.deepEqual(
        chA.rec.inserts.map((e) => e.new.id),
        rows.map((r) => r.id),
      );
      // Nothing arrived on the UPDATE messages binding as an INSERT (binding ids are respected).
      assert.ok(chB.rec.messageUpdates.every((e) => e.eventType === 'UPDATE'));
      assert.ok(chB.rec.participantUpdates.every((e) => e.eventType === 'UPDATE' && e.table === 'participants'));
    });

    it('a retried batch produces no duplicate event', async () => {
      assert.ok(stored, 'needs the batch of the previous test');
      const again = await sendBatch(a.client, rows);
      assert.equal(again.error, null, JSON.stringify(again.error));
      assert.deepEqual(again.data, []);
      // A fresh message afterwards proves the channel is flowing: anything from the retry would have come first.
      const [sentinel] = messageRows(session.id, a.id, ['m6'], { firstClientSeq: 6 });
      const res = await sendBatch(a.client, [sentinel]);
      assert.equal(res.error, null, JSON.stringify(res.error));
      assert.equal(res.data.length, 1);
      await waitFor(() => chB.rec.inserts.some((e) => e.new.id === sentinel.id), 5000, 'B receives the sentinel');
      const ids = chB.rec.inserts.map((e) => e.new.id);
      assert.deepEqual(ids, [...rows.map((r) => r.id), sentinel.id], 'no duplicate INSERT event');
      const seqs = chB.rec.inserts.map((e) => e.new.seq);
      for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1], `seq order ${seqs}`);
      const count = await a.client.from('messages').select('id').eq('session_id', session.id);
      assert.equal(count.data.length, 6);
      stored.push(res.data[0]);
    });

    it('ack_messages reaches the partner as a participants UPDATE; watermarks never go down', async () => {
      assert.ok(stored, 'needs the messages of the previous tests');
      const ack = await b.client.rpc('ack_messages', { session_id: session.id, delivered_seq: 5, read_seq: 3 });
      assert.equal(ack.error, null, JSON.stringify(ack.error));
      const isB = (e) => e.new?.user_id === b.id;
      const first = await waitFor(
        () => chA.rec.participantUpdates.find((e) => isB(e) && e.new.delivered_seq === 5 && e.new.read_seq === 3),
        5000,
        "A receives B's participants UPDATE (5, 3)",
        () => JSON.stringify(chA.rec.participantUpdates.map((e) => e.new)),
      );
      assert.equal(first.eventType, 'UPDATE');
      assert.equal(first.table, 'participants');
      assert.equal(first.new.session_id, session.id);

      const lower = await b.client.rpc('ack_messages', { session_id: session.id, delivered_seq: 1, read_seq: 1 });
      if (lower.error) assert.ok(lower.status < 500, JSON.stringify(lower.error));
      const raise = await b.client.rpc('ack_messages', { session_id: session.id, delivered_seq: 5, read_seq: 4 });
      assert.equal(raise.error, null, JSON.stringify(raise.error));
      await waitFor(
        () => chA.rec.participantUpdates.find((e) => isB(e) && e.new.read_seq === 4),
        5000,
        "A receives B's participants UPDATE (5, 4)",
        () => JSON.stringify(chA.rec.participantUpdates.map((e) => e.new)),
      );
      for (const e of chA.rec.participantUpdates.filter(isB)) {
        assert.ok(e.new.delivered_seq >= 5, `delivered_seq went down: ${JSON.stringify(e.new)}`);
        assert.ok(e.new.read_seq >= 3, `read_seq went down: ${JSON.stringify(e.new)}`);
      }
      const last = chA.rec.participantUpdates.filter(isB).at(-1);
      assert.equal(last.new.delivered_seq, 5);
      assert.equal(last.new.read_seq, 4);
      const row = await a.client.from('participants').select('*').eq('session_id', session.id).eq('user_id', b.id);
      assert.equal(row.data[0].delivered_seq, 5);
      assert.equal(row.data[0].read_seq, 4);
    });

    it("the backend's translation reaches both sides as a messages UPDATE", async () => {
      assert.ok(stored, 'needs the messages of the previous tests');
      // A writes English, B reads Spanish: each message gets target_lang 'es' and its
      // translation (the server runs Apertium; an error is a failure here, not an arrival), by
      // an UPDATE that both subscribers receive.
      const done = (rec, id) =>
        rec.messageUpdates.find((e) => e.new.id === id && e.new.target_lang === 'es' && e.new.translated_body != null);
      for (const ch of [chA, chB]) {
        await waitFor(
          () => stored.every((r) => done(ch.rec, r.id)),
          15_000,
          'translation UPDATE events for every message',
          () => JSON.stringify(ch.rec.messageUpdates.map((e) => e.new)),
        );
      }
      for (const ev of chB.rec.messageUpdates) {
        assert.ok(ev.new.translation_error == null, `a translation failed: ${JSON.stringify(ev.new)}`);
        assert.equal(ev.eventType, 'UPDATE');
        assert.equal(ev.table, 'messages');
        assert.equal(ev.new.session_id, session.id);
        const orig = stored.find((r) => r.id === ev.new.id);
        assert.ok(orig, 'update is for a message of this session');
        assert.equal(ev.new.body, orig.body, 'the original text is kept');
        assert.equal(ev.new.seq, orig.seq, 'seq does not change on update');
      }
    });

    it("broadcast typing reaches the partner, acks 'ok', and is not echoed to the sender", async () => {
      assert.equal(chB?.rec.statuses.at(-1), 'SUBSCRIBED');
      const payload = { user_id: b.id, state: 'typing' };
      const status = await chB.channel.send({ type: 'broadcast', event: 'typing', payload });
      assert.equal(status, 'ok');
      const got = await waitFor(() => chA.rec.broadcasts[0], 5000, 'A receives the typing broadcast');
      assert.equal(got.type, 'broadcast');
      assert.equal(got.event, 'typing');
      assert.deepEqual(got.payload, payload);
      // Reply from A; once B has it, B's own broadcast would have been delivered before it.
      const back = { user_id: a.id, state: 'idle' };
      assert.equal(await chA.channel.send({ type: 'broadcast', event: 'typing', payload: back }), 'ok');
      await waitFor(() => chB.rec.broadcasts.length >= 1, 5000, 'B receives the broadcast of A');
      assert.equal(chB.rec.broadcasts.length, 1, 'self:false — B never gets its own broadcast');
      assert.deepEqual(chB.rec.broadcasts[0].payload, back);
      assert.equal(chA.rec.broadcasts.length, 1, 'self:false — A never gets its own broadcast');
    });

    it('a signed-in non-participant cannot join the channel and receives nothing', async () => {
      const chC = sessionChannel(c.client, session.id, c.id);
      const status = await chC.subscribed;
      assert.equal(status, 'CHANNEL_ERROR', `statuses ${chC.rec.statuses}`);
      assert.match(chC.rec.errors[0]?.message ?? '', /Unauthorized/);
      // A message sent now reaches B but not C.
      const [row] = messageRows(session.id, a.id, ['not for C'], { firstClientSeq: 7 });
      const res = await sendBatch(a.client, [row]);
      assert.equal(res.error, null, JSON.stringify(res.error));
      await waitFor(() => chB.rec.inserts.some((e) => e.new.id === row.id), 5000, 'B receives the message');
      stored.push(res.data[0]);
      // And a broadcast from B does not reach C either.
      assert.equal(await chB.channel.send({ type: 'broadcast', event: 'typing', payload: { user_id: b.id, state: 'idle' } }), 'ok');
      await waitFor(() => chA.rec.broadcasts.length >= 2, 5000, 'A receives the second broadcast');
      assert.equal(chC.rec.inserts.length, 0);
      assert.equal(chC.rec.broadcasts.length, 0);
      assert.equal(chC.rec.participantUpdates.length, 0);
      assert.equal(chC.rec.joins.length, 0, 'no presence leaks to an outsider');
      assert.ok(!chC.rec.statuses.includes('SUBSCRIBED'), `outsider was subscribed at some point: ${chC.rec.statuses}`);
      await c.client.removeChannel(chC.channel).catch(() => {});
    });

    it('a non-participant is also refused on a channel joined without bindings', async () => {
      const c2 = await anonUser(server, { vsn });
      extra.push(c2.client);
      const rec = { statuses: [], errors: [], broadcasts: [] };
      const ch = c2.client
        .channel(`session:${session.id}`, { config: { private: true, broadcast: { self: false, ack: true } } })
        .on('broadcast', { event: '*' }, (p) => rec.broadcasts.push(p));
      const status = await new Promise((resolve) =>
        ch.subscribe((s, err) => {
          rec.statuses.push(s);
          if (err) rec.errors.push(err);
          resolve(s);
        }),
      );
      assert.equal(status, 'CHANNEL_ERROR');
      assert.match(rec.errors[0]?.message ?? '', /Unauthorized/);
      await c2.client.removeChannel(ch).catch(() => {});
    });

    it('presence: each side sees the other, keyed by user id', async () => {
      assert.equal(chA?.rec.statuses.at(-1), 'SUBSCRIBED');
      assert.equal(await chA.channel.track(PRESENCE_A), 'ok');
      assert.equal(await chB.channel.track(PRESENCE_B), 'ok');
      await waitFor(() => keysOf(chA.rec.joins).includes(b.id), 5000, "A sees B's presence join", () =>
        JSON.stringify(chA.rec.joins),
      );
      await waitFor(() => keysOf(chB.rec.joins).includes(a.id), 5000, "B sees A's presence join", () =>
        JSON.stringify(chB.rec.joins),
      );
      // Each side's own join may arrive just after its track reply; wait for both keys on both sides.
      const both = [a.id, b.id].sort();
      for (const [name, ch] of [
        ['A', chA],
        ['B', chB],
      ]) {
        await waitFor(
          () => JSON.stringify(Object.keys(ch.channel.presenceState()).sort()) === JSON.stringify(both),
          5000,
          `${name}'s presence state keyed by both user ids`,
          () => JSON.stringify(ch.channel.presenceState()),
        );
      }
      const stateA = chA.channel.presenceState();
      assert.deepEqual(Object.keys(stateA).sort(), both);
      assert.equal(stateA[b.id].length, 1);
      assert.equal(stateA[b.id][0].display_name, 'Bruno');
      assert.equal(stateA[b.id][0].language, 'es');
      assert.equal(stateA[b.id][0].state, 'active');
      assert.equal(typeof stateA[b.id][0].presence_ref, 'string');
      const stateB = chB.channel.presenceState();
      assert.deepEqual(Object.keys(stateB).sort(), [a.id, b.id].sort());
      assert.equal(stateB[a.id][0].display_name, 'Alice');
      assert.equal(stateB[a.id][0].state, 'active');
      const joinOfB = chA.rec.joins.find((j) => j.key === b.id);
      assert.equal(joinOfB.newPresences[0].language, 'es');

      // Updating the meta (away) reaches the partner as well.
      assert.equal(await chB.channel.track({ ...PRESENCE_B, state: 'away' }), 'ok');
      await waitFor(
        () => chA.channel.presenceState()[b.id]?.some((m) => m.state === 'away'),
        5000,
        "A sees B's state 'away'",
        () => JSON.stringify(chA.channel.presenceState()),
      );
      assert.equal(chA.channel.presenceState()[b.id].length, 1, 'an update replaces the meta');
    });

    it('presence: leaving the channel shows as a leave to the partner', async () => {
      assert.ok(chA.channel.presenceState()[b.id], 'needs B present');
      const leavesBefore = chA.rec.leaves.filter((l) => l.key === b.id).length;
      const hadAway = chA.channel.presenceState()[b.id].some((m) => m.state === 'away');
      const res = await b.client.removeChannel(chB.channel);
      assert.equal(res, 'ok');
      await waitFor(
        () => chA.channel.presenceState()[b.id] === undefined,
        5000,
        "B's presence to disappear at A",
        () => JSON.stringify(chA.channel.presenceState()),
      );
      const leaves = chA.rec.leaves.filter((l) => l.key === b.id);
      assert.ok(leaves.length > leavesBefore, 'A got a leave event for B');
      assert.ok(hadAway);
      assert.deepEqual(Object.keys(chA.channel.presenceState()), [a.id]);
    });

    it('presence: an abruptly dropped socket shows as a leave; the client reconnects and resumes', async () => {
      // B comes back on a fresh channel object, tracks, and A sees the join.
      let subscribedCount = 0;
      chB = sessionChannel(b.client, session.id, b.id, {
        onSubscribed: () => {
          subscribedCount += 1;
        },
      });
      assert.equal(await chB.subscribed, 'SUBSCRIBED');
      assert.equal(await chB.channel.track(PRESENCE_B), 'ok');
      await waitFor(() => chA.channel.presenceState()[b.id]?.length === 1, 5000, 'A sees B again');

      // Cut B's TCP connection with no close frame, as a network drop would.
      const sockets = b.client.__sockets;
      const live = sockets.filter((s) => s.readyState === 1);
      assert.equal(live.length, 1, 'B has one open socket');
      live[0].terminate();
      await waitFor(
        () => chA.channel.presenceState()[b.id] === undefined,
        10_000,
        "B's presence to disappear at A after the drop",
        () => JSON.stringify(chA.channel.presenceState()),
      );

      // realtime-js reconnects on its own and rejoins the channel: SUBSCRIBED again.
      await waitFor(() => subscribedCount >= 2, 15_000, 'B rejoins after reconnect', () => JSON.stringify(chB.rec.statuses));
      assert.ok(sockets.length >= 2, 'a new socket was opened');
      // No re-track was made, so B stays absent for A.
      assert.equal(chA.channel.presenceState()[b.id], undefined);
      // New messages reach B on the rejoined channel.
      const [row] = messageRows(session.id, a.id, ['after the drop'], { firstClientSeq: 8 });
      const res = await sendBatch(a.client, [row]);
      assert.equal(res.error, null, JSON.stringify(res.error));
      const ev = await waitFor(() => chB.rec.inserts.find((e) => e.new.id === row.id), 5000, 'B receives a message after reconnect');
      assert.equal(ev.new.seq, res.data[0].seq);
      assert.equal(chB.rec.inserts.length, 1, 'exactly the new message (realtime has no replay)');
    });

    it("realtime.disconnect() of the partner's client shows as a leave", async () => {
      const d = await anonUser(server, { vsn });
      const e = await anonUser(server, { vsn });
      extra.push(d.client, e.client);
      const s2 = await pairInSession(d, e);
      const chD = sessionChannel(d.client, s2.id, d.id);
      const chE = sessionChannel(e.client, s2.id, e.id);
      assert.equal(await chD.subscribed, 'SUBSCRIBED');
      assert.equal(await chE.subscribed, 'SUBSCRIBED');
      assert.equal(await chE.channel.track(PRESENCE_B), 'ok');
      await waitFor(() => chD.channel.presenceState()[e.id], 5000, 'D sees E');
      await e.client.realtime.disconnect();
      await waitFor(
        () => chD.rec.leaves.some((l) => l.key === e.id) && chD.channel.presenceState()[e.id] === undefined,
        5000,
        "D sees E's leave",
      );
      // Sessions are isolated: nothing of session 2 reaches session 1's subscribers.
      const [other] = messageRows(s2.id, d.id, ['other session']);
      const res = await sendBatch(d.client, [other]);
      assert.equal(res.error, null, JSON.stringify(res.error));
      assert.equal(res.data[0].seq, 1, 'seq is per session');
      await waitFor(() => chD.rec.inserts.some((x) => x.new.id === other.id), 5000, 'D receives its own INSERT');
      const [mark] = messageRows(session.id, a.id, ['marker'], { firstClientSeq: 9 });
      const r2 = await sendBatch(a.client, [mark]);
      assert.equal(r2.error, null, JSON.stringify(r2.error));
      await waitFor(() => chA.rec.inserts.some((x) => x.new.id === mark.id), 5000, 'A receives the marker');
      assert.ok(!chA.rec.inserts.some((x) => x.new.session_id !== session.id), 'no cross-session INSERT');
      assert.ok(!chA.rec.joins.some((j) => j.key === e.id || j.key === d.id), 'no cross-session presence');
    });

    it('concurrent sends from both sides arrive at each subscriber in strictly increasing seq order', async () => {
      assert.equal(chB?.rec.statuses.at(-1), 'SUBSCRIBED');
      const startA = chA.rec.inserts.length;
      const startB = chB.rec.inserts.length;
      const batches = [];
      // Realtime has no replay, so the app's catch-up (`seq > last seen`) is only safe if every
      // subscriber sees INSERTs in seq order, as Postgres' commit order gives on Supabase.
      const ROUNDS = 15;
      for (let i = 0; i < ROUNDS; i++) {
        batches.push(sendBatch(a.client, messageRows(session.id, a.id, [`ca${i}.1`, `ca${i}.2`], { firstClientSeq: 100 + i * 2 })));
        batches.push(sendBatch(b.client, messageRows(session.id, b.id, [`cb${i}.1`, `cb${i}.2`], { firstClientSeq: 1 + i * 2, lang: 'es' })));
      }
      const results = await Promise.all(batches);
      for (const r of results) assert.equal(r.error, null, JSON.stringify(r.error));
      const total = results.reduce((n, r) => n + r.data.length, 0);
      assert.equal(total, ROUNDS * 4);
      const sent = new Set(results.flatMap((r) => r.data.map((row) => row.id)));
      for (const [name, ch, start] of [
        ['A', chA, startA],
        ['B', chB, startB],
      ]) {
        const ours = () => ch.rec.inserts.slice(start).filter((x) => sent.has(x.new.id)).length;
        await waitFor(() => ours() >= total, 10_000, `${name} receives ${total} INSERTs`, () => String(ours()));
        // Only this test's rows: an INSERT of the test before (its marker) may still reach this
        // subscriber after the counts above were taken, since frames to two sockets race.
        const got = ch.rec.inserts.slice(start).filter((x) => sent.has(x.new.id));
        assert.equal(got.length, total, `${name}: every row once, no duplicates`);
        const seqs = got.map((e) => e.new.seq);
        for (let i = 1; i < seqs.length; i++) {
          assert.ok(seqs[i] > seqs[i - 1], `${name} got seq out of order: ${seqs.join(',')}`);
        }
      }
    });

    it('concurrent acks reach the partner as non-decreasing watermarks ending at the maximum', async () => {
      assert.equal(chA?.rec.statuses.at(-1), 'SUBSCRIBED');
      const isB = (e) => e.new?.user_id === b.id;
      const start = chA.rec.participantUpdates.filter(isB).length;
      const from = chA.rec.participantUpdates.filter(isB).at(-1)?.new.read_seq ?? 0;
      const N = 20;
      const acks = [];
      for (let k = 1; k <= N; k++) {
        acks.push(b.client.rpc('ack_messages', { session_id: session.id, delivered_seq: from + k, read_seq: from + k }));
      }
      for (const r of await Promise.all(acks)) assert.equal(r.error, null, JSON.stringify(r.error));
      const row = await a.client.from('participants').select('*').eq('session_id', session.id).eq('user_id', b.id);
      assert.equal(row.data[0].read_seq, from + N, 'stored watermark is the maximum');
      await waitFor(
        () => chA.rec.participantUpdates.filter(isB).some((e) => e.new.read_seq === from + N),
        5000,
        'A receives the maximum watermark',
      );
      const seen = chA.rec.participantUpdates.filter(isB).slice(start).map((e) => [e.new.delivered_seq, e.new.read_seq]);
      for (let i = 1; i < seen.length; i++) {
        assert.ok(
          seen[i][0] >= seen[i - 1][0] && seen[i][1] >= seen[i - 1][1],
          `watermark events went down: ${JSON.stringify(seen)}`,
        );
      }
      assert.deepEqual(seen.at(-1), [from + N, from + N], 'the last event carries the maximum');
    });

    it('leave_session and rejoin reach the partner as participants UPDATEs (left_at)', async () => {
      assert.equal(chA?.rec.statuses.at(-1), 'SUBSCRIBED');
      const isB = (e) => e.new?.user_id === b.id;
      const before = chA.rec.participantUpdates.filter(isB).length;
      const leave = await b.client.rpc('leave_session', { session_id: session.id });
      assert.equal(leave.error, null, JSON.stringify(leave.error));
      const left = await waitFor(
        () => chA.rec.participantUpdates.filter(isB).slice(before).find((e) => e.new.left_at != null),
        5000,
        "A receives B's left_at",
        () => JSON.stringify(chA.rec.participantUpdates.map((e) => e.new)),
      );
      assert.ok(Number.isFinite(Date.parse(left.new.left_at)), `left_at ${left.new.left_at}`);
      assert.ok(left.new.delivered_seq >= 5, 'watermarks kept on leave');
      const rejoin = await b.client.rpc('join_session', { code: session.code, display_name: 'Bruno', language: 'es' });
      assert.equal(rejoin.error, null, JSON.stringify(rejoin.error));
      assert.equal(rowOf(rejoin.data).id, session.id);
      await waitFor(
        () => chA.rec.participantUpdates.filter(isB).at(-1)?.new.left_at === null,
        5000,
        "A receives B's rejoin (left_at null)",
        () => JSON.stringify(chA.rec.participantUpdates.map((e) => e.new)),
      );
    });
  });
}
