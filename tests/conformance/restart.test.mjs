// Durability and reconnect: stop the server (SIGTERM), start it again on the same database file
// and port; stored messages keep their seq, and a connected client recovers on its own.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  ServerProcess,
  VSNS,
  anonUser,
  closeClient,
  messageRows,
  pairInSession,
  sendBatch,
  sessionChannel,
  waitFor,
} from './lib/harness.mjs';

for (const vsn of VSNS) {
  describe(`restart, vsn ${vsn}`, () => {
    const server = new ServerProcess();
    const clients = [];

    after(async () => {
      await Promise.all(clients.map(closeClient));
      await server.dispose();
    });

    it('messages survive a restart with their seq; realtime reconnects and delivers new INSERTs', async () => {
      await server.start();
      const anonKeyBefore = server.anonKey;
      const a = await anonUser(server, { vsn });
      const b = await anonUser(server, { vsn });
      clients.push(a.client, b.client);
      const session = await pairInSession(a, b);

      let subscribed = 0;
      const chB = sessionChannel(b.client, session.id, b.id, {
        onSubscribed: () => {
          subscribed += 1;
        },
      });
      assert.equal(await chB.subscribed, 'SUBSCRIBED', chB.rec.errors.map((e) => e.message).join());

      const rows = messageRows(session.id, a.id, ['before 1', 'before 2', 'before 3', 'before 4']);
      const sent = await sendBatch(a.client, rows);
      assert.equal(sent.error, null, JSON.stringify(sent.error));
      assert.equal(sent.data.length, 4);
      await waitFor(() => chB.rec.inserts.length === 4, 5000, 'B receives the 4 INSERTs before the restart');
      const ack = await b.client.rpc('ack_messages', { session_id: session.id, delivered_seq: 4, read_seq: 2 });
      assert.equal(ack.error, null, JSON.stringify(ack.error));
      const before = await a.client.from('messages').select('*').eq('session_id', session.id).order('seq');
      assert.equal(before.error, null);
      assert.equal(before.data.length, 4);

      const exit = await server.stop('SIGTERM');
      assert.ok(exit.code === 0 || exit.signal === 'SIGTERM', `server exit on SIGTERM: ${JSON.stringify(exit)}`);
      const port = server.port;
      await server.start();
      assert.equal(server.port, port);
      assert.equal(server.anonKey, anonKeyBefore, 'same secret, same anon key');

      // A fresh select (same access token: tokens outlive a restart) returns every stored message unchanged.
      const afterSel = await a.client.from('messages').select('*').eq('session_id', session.id).order('seq');
      assert.equal(afterSel.error, null, JSON.stringify(afterSel.error));
      assert.deepEqual(
        afterSel.data.map((r) => [r.id, r.seq, r.body, r.client_seq, r.sender_id]),
        before.data.map((r) => [r.id, r.seq, r.body, r.client_seq, r.sender_id]),
      );
      // Sessions, participants and receipts survived as well.
      const parts = await a.client.from('participants').select('*').eq('session_id', session.id).eq('user_id', b.id);
      assert.equal(parts.data.length, 1);
      assert.equal(parts.data[0].delivered_seq, 4);
      assert.equal(parts.data[0].read_seq, 2);
      const rejoin = await b.client.rpc('join_session', { code: session.code, display_name: 'Bruno', language: 'es' });
      assert.equal(rejoin.error, null, JSON.stringify(rejoin.error));

      // A retry of a pre-restart row is still recognised as a duplicate.
      const retry = await sendBatch(a.client, [rows[0]]);
      assert.equal(retry.error, null, JSON.stringify(retry.error));
      assert.deepEqual(retry.data, []);

      // realtime-js reconnects by itself (1 s, 2 s, 5 s ...) and rejoins the channel.
      await waitFor(() => subscribed >= 2, 20_000, 'B resubscribed after the restart', () =>
        JSON.stringify({ statuses: chB.rec.statuses, errors: chB.rec.errors.map((e) => e.message) }),
      );
      const [next] = messageRows(session.id, a.id, ['after restart'], { firstClientSeq: 5 });
      const res = await sendBatch(a.client, [next]);
      assert.equal(res.error, null, JSON.stringify(res.error));
      assert.equal(res.data.length, 1);
      const maxBefore = Math.max(...before.data.map((r) => r.seq));
      assert.ok(res.data[0].seq > maxBefore, `seq after restart (${res.data[0].seq}) continues past ${maxBefore}`);
      const ev = await waitFor(() => chB.rec.inserts.find((e) => e.new.id === next.id), 5000, 'B receives the INSERT after restart');
      assert.equal(ev.new.seq, res.data[0].seq);
      assert.equal(ev.new.body, 'after restart');
      assert.equal(chB.rec.inserts.length, 5, 'no replayed or duplicated events');
    });
  });
}
