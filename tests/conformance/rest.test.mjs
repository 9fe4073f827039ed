// Auth, PostgREST tables and RPCs, authorization and errors — the calls exactly as supabase-js
// makes them (docs/contracts.md §3). No realtime here; see realtime.test.mjs.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';

import {
  CODE_RE,
  anonUser,
  closeClient,
  decodeJwt,
  messageRows,
  pairInSession,
  rawFetch,
  rowOf,
  sendBatch,
  signJwt,
  startServer,
  waitFor,
} from './lib/harness.mjs';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

let server;
const clients = [];
async function user() {
  const u = await anonUser(server);
  clients.push(u.client);
  return u;
}

before(async () => {
  server = await startServer();
});

after(async () => {
  await Promise.all(clients.map(closeClient));
  await server?.dispose();
});

/** Asserts `error` is PostgREST's shape with `message`, the app's stable code. */
function assertRpcError(res, message, what) {
  assert.ok(res.error, `${what}: expected an error, got data ${JSON.stringify(res.data)}`);
  assert.equal(res.error.message, message, `${what}: error was ${JSON.stringify(res.error)} (status ${res.status})`);
  assert.ok(res.status >= 400 && res.status < 500, `${what}: status ${res.status} should be 4xx`);
}

/** A select a non-participant makes: RLS semantics say [] (no error); a 403 42501 is also accepted. */
function assertHidden(res, what) {
  if (res.error) {
    assert.equal(res.status, 403, `${what}: error ${JSON.stringify(res.error)} should be 403`);
    assert.equal(res.error.code, '42501', `${what}: ${JSON.stringify(res.error)}`);
  } else {
    assert.deepEqual(res.data, [], `${what}: a non-participant must see no rows`);
  }
}

function otherCode(code) {
  for (;;) {
    let c = '';
    for (let i = 0; i < 6; i++) c += ALPHABET[crypto.randomInt(ALPHABET.length)];
    if (c !== code) return c;
  }
}

describe('anonymous auth', () => {
  it('signInAnonymously gives each caller its own identity in a signed JWT', async () => {
    const a = await user();
    const b = await user();
    assert.match(a.id, UUID_RE);
    assert.match(b.id, UUID_RE);
    assert.notEqual(a.id, b.id);
    const claims = decodeJwt(a.token);
    assert.equal(claims.sub, a.id);
    assert.equal(claims.role, 'authenticated');
    assert.equal(typeof claims.exp, 'number');
    assert.ok(claims.exp * 1000 > Date.now(), 'token must not be expired');
    assert.equal(a.user.is_anonymous, true);
    // The anon key served by /config.json is the HS256 JWT {"role":"anon"} with the server secret.
    const anon = decodeJwt(server.anonKey);
    assert.equal(anon.role, 'anon');
    const [h, p] = server.anonKey.split('.');
    const expectSig = crypto.createHmac('sha256', server.jwtSecret).update(`${h}.${p}`).digest('base64url');
    assert.equal(server.anonKey.split('.')[2], expectSig, 'anon key must be signed with --jwt-secret');
    // The user token is signed with the same secret.
    const [uh, up, us] = a.token.split('.');
    assert.equal(us, crypto.createHmac('sha256', server.jwtSecret).update(`${uh}.${up}`).digest('base64url'));
  });

  it('GET /auth/v1/user returns the signed-in user', async () => {
    const a = await user();
    const { data, error } = await a.client.auth.getUser();
    assert.equal(error, null, JSON.stringify(error));
    assert.equal(data.user.id, a.id);
  });
});

describe('sessions: create, join, rejoin', () => {
  let a;
  let b;
  let session;

  before(async () => {
    a = await user();
    b = await user();
  });

  it('create_session returns {id, code, expires_at}', async () => {
    const res = await a.client.rpc('create_session', { display_name: 'Alice', language: 'en' });
    assert.equal(res.error, null, JSON.stringify(res.error));
    session = rowOf(res.data);
    assert.match(session.id, UUID_RE);
    assert.match(session.code, CODE_RE);
    const exp = Date.parse(session.expires_at);
    assert.ok(Number.isFinite(exp), `expires_at ${session.expires_at} must be a timestamp`);
    assert.ok(exp > Date.now(), 'expires_at must be in the future');
  });

  it('join_session with the lower-cased code returns the same session', async () => {
    const res = await b.client.rpc('join_session', {
      code: session.code.toLowerCase(),
      display_name: 'Bruno',
      language: 'es',
    });
    assert.equal(res.error, null, JSON.stringify(res.error));
    const row = rowOf(res.data);
    assert.equal(row.id, session.id);
    assert.equal(row.code, session.code);
  });

  it('rejoining as the same user is a no-op returning the same session', async () => {
    const res = await b.client.rpc('join_session', { code: session.code, display_name: 'Bruno', language: 'es' });
    assert.equal(res.error, null, JSON.stringify(res.error));
    assert.equal(rowOf(res.data).id, session.id);
    // The creator "rejoining" is a no-op as well (reload of the creator's tab).
    const resA = await a.client.rpc('join_session', { code: session.code, display_name: 'Alice', language: 'en' });
    assert.equal(resA.error, null, JSON.stringify(resA.error));
    assert.equal(rowOf(resA.data).id, session.id);

    const parts = await a.client.from('participants').select('*').eq('session_id', session.id).order('joined_at');
    assert.equal(parts.error, null, JSON.stringify(parts.error));
    assert.equal(parts.data.length, 2, `exactly two participants: ${JSON.stringify(parts.data)}`);
    const byUser = Object.fromEntries(parts.data.map((p) => [p.user_id, p]));
    assert.equal(byUser[a.id]?.display_name, 'Alice');
    assert.equal(byUser[a.id]?.language, 'en');
    assert.equal(byUser[b.id]?.display_name, 'Bruno');
    assert.equal(byUser[b.id]?.language, 'es');
    for (const p of parts.data) {
      assert.equal(p.delivered_seq, 0);
      assert.equal(p.read_seq, 0);
      assert.equal(p.left_at, null);
    }
  });

  it('participants can read their session row', async () => {
    for (const u of [a, b]) {
      const res = await u.client.from('sessions').select('*').eq('id', session.id);
      assert.equal(res.error, null, JSON.stringify(res.error));
      assert.equal(res.data.length, 1);
      assert.equal(res.data[0].code, session.code);
      assert.equal(res.data[0].created_by, a.id);
    }
  });
});

describe('messages: batched send, retry, catch-up, receipts', () => {
  let a;
  let b;
  let session;
  let rows;
  let stored;

  before(async () => {
    a = await user();
    b = await user();
    const created = await a.client.rpc('create_session', { display_name: 'Alice', language: 'en' });
    assert.equal(created.error, null, JSON.stringify(created.error));
    session = rowOf(created.data);
    const joined = await b.client.rpc('join_session', { code: session.code, display_name: 'Bruno', language: 'es' });
    assert.equal(joined.error, null, JSON.stringify(joined.error));
    rows = messageRows(session.id, a.id, ['one', 'two', 'three', 'four', 'five']);
  });

  it('one upsert of 5 rows stores them in array order with strictly increasing seq', async () => {
    const res = await sendBatch(a.client, rows);
    assert.equal(res.error, null, JSON.stringify(res.error));
    assert.equal(res.status, 201);
    assert.equal(res.data.length, 5, JSON.stringify(res.data));
    stored = res.data;
    res.data.forEach((r, i) => {
      assert.equal(r.id, rows[i].id, 'rows come back in array order');
      assert.equal(r.body, rows[i].body);
      assert.equal(r.client_seq, i + 1);
      assert.equal(r.sender_id, a.id);
      assert.equal(r.session_id, session.id);
      assert.equal(r.source_lang, 'en');
      assert.equal(typeof r.seq, 'number');
      assert.ok(Number.isFinite(Date.parse(r.created_at)), `created_at ${r.created_at}`);
      if (i > 0) assert.ok(r.seq > res.data[i - 1].seq, `seq strictly increasing: ${res.data.map((x) => x.seq)}`);
    });
  });

  it('a retried row (same id) is not stored again and returns no row', async () => {
    const one = await sendBatch(a.client, [rows[2]]);
    assert.equal(one.error, null, JSON.stringify(one.error));
    assert.deepEqual(one.data, [], 'ignore-duplicates returns only newly inserted rows');
    const all = await sendBatch(a.client, rows);
    assert.equal(all.error, null, JSON.stringify(all.error));
    assert.deepEqual(all.data, []);
    const count = await a.client.from('messages').select('*').eq('session_id', session.id);
    assert.equal(count.error, null);
    assert.equal(count.data.length, 5);
    // And the stored seq values did not move.
    const seqs = count.data.sort((x, y) => x.seq - y.seq).map((r) => [r.id, r.seq]);
    assert.deepEqual(seqs, stored.map((r) => [r.id, r.seq]));
  });

  it('catch-up: select seq > 2 ordered by seq returns exactly seq 3..5', async () => {
    const res = await b.client.from('messages').select('*').eq('session_id', session.id).gt('seq', stored[1].seq).order('seq');
    assert.equal(res.error, null, JSON.stringify(res.error));
    assert.deepEqual(
      res.data.map((r) => r.id),
      rows.slice(2).map((r) => r.id),
    );
    assert.deepEqual(
      res.data.map((r) => r.seq),
      stored.slice(2).map((r) => r.seq),
    );
    // The first stored seq of a fresh session is 1, so this is literally 3..5.
    assert.deepEqual(
      stored.map((r) => r.seq),
      [1, 2, 3, 4, 5],
    );
  });

  it('a batch mixing a stored row and a new one returns only the new row, with the next seq', async () => {
    const [fresh] = messageRows(session.id, a.id, ['six'], { firstClientSeq: 6 });
    const res = await sendBatch(a.client, [rows[4], fresh]);
    assert.equal(res.error, null, JSON.stringify(res.error));
    assert.equal(res.data.length, 1, JSON.stringify(res.data));
    assert.equal(res.data[0].id, fresh.id);
    assert.ok(res.data[0].seq > stored[4].seq, `seq ${res.data[0].seq} must follow ${stored[4].seq}`);
    stored.push(res.data[0]);
  });

  it('the partner sends too: seq continues across senders', async () => {
    const [bRow] = messageRows(session.id, b.id, ['hola'], { lang: 'es' });
    const res = await sendBatch(b.client, [bRow]);
    assert.equal(res.error, null, JSON.stringify(res.error));
    assert.equal(res.data.length, 1);
    assert.ok(res.data[0].seq > stored[5].seq, `seq ${res.data[0].seq} must follow ${stored[5].seq}`);
    assert.equal(res.data[0].sender_id, b.id);
  });

  it('a participant may not send as the other participant (sender_id must be own id)', async () => {
    const [forged] = messageRows(session.id, a.id, ['forged by B'], { firstClientSeq: 99 });
    const res = await sendBatch(b.client, [forged]);
    assert.ok(res.error, `expected 42501, got ${JSON.stringify(res.data)}`);
    assert.equal(res.error.code, '42501', JSON.stringify(res.error));
    assert.equal(res.status, 403);
    const check = await a.client.from('messages').select('*').eq('id', forged.id);
    assert.deepEqual(check.data, []);
  });

  it("nobody may update or delete another's message", async () => {
    const upd = await b.client.from('messages').update({ body: 'tampered' }).eq('id', rows[0].id).select();
    if (!upd.error) assert.deepEqual(upd.data, [], 'update of a partner message must affect no row');
    const del = await b.client.from('messages').delete().eq('id', rows[0].id).select();
    if (!del.error) assert.deepEqual(del.data, [], 'delete of a partner message must affect no row');
    const check = await a.client.from('messages').select('*').eq('id', rows[0].id);
    assert.equal(check.data.length, 1);
    assert.equal(check.data[0].body, 'one');
  });

  it('ack_messages raises watermarks and never lowers them', async () => {
    const ack = await b.client.rpc('ack_messages', { session_id: session.id, delivered_seq: 5, read_seq: 3 });
    assert.equal(ack.error, null, JSON.stringify(ack.error));
    const mine = async () => {
      const res = await a.client.from('participants').select('*').eq('session_id', session.id).eq('user_id', b.id);
      assert.equal(res.error, null, JSON.stringify(res.error));
      assert.equal(res.data.length, 1);
      return res.data[0];
    };
    let p = await mine();
    assert.equal(p.delivered_seq, 5);
    assert.equal(p.read_seq, 3);

    const lower = await b.client.rpc('ack_messages', { session_id: session.id, delivered_seq: 2, read_seq: 1 });
    if (lower.error) assert.ok(lower.status < 500, `lowering ack must not be a server error: ${JSON.stringify(lower.error)}`);
    p = await mine();
    assert.equal(p.delivered_seq, 5, 'delivered_seq must not go down');
    assert.equal(p.read_seq, 3, 'read_seq must not go down');

    const mixed = await b.client.rpc('ack_messages', { session_id: session.id, delivered_seq: 4, read_seq: 4 });
    if (mixed.error) assert.ok(mixed.status < 500, JSON.stringify(mixed.error));
    p = await mine();
    assert.equal(p.delivered_seq, 5, 'delivered_seq stays at its maximum');
    assert.equal(p.read_seq, 4, 'read_seq is raised independently');

    // A's own watermarks are untouched by B's acks.
    const aRow = await a.client.from('participants').select('*').eq('session_id', session.id).eq('user_id', a.id);
    assert.equal(aRow.data[0].delivered_seq, 0);
    assert.equal(aRow.data[0].read_seq, 0);
  });
});

describe('seq under concurrency', () => {
  it('concurrent batches from both participants get unique, gapless seq in array order', async () => {
    const a = await user();
    const b = await user();
    const created = await a.client.rpc('create_session', { display_name: 'Alice', language: 'en' });
    assert.equal(created.error, null, JSON.stringify(created.error));
    const session = rowOf(created.data);
    // A message sent before the partner joined is there for the partner's first catch-up.
    const [early] = messageRows(session.id, a.id, ['before you came']);
    const e = await sendBatch(a.client, [early]);
    assert.equal(e.error, null, JSON.stringify(e.error));
    assert.equal(e.data[0].seq, 1);
    const joined = await b.client.rpc('join_session', { code: session.code, display_name: 'Bruno', language: 'es' });
    assert.equal(joined.error, null, JSON.stringify(joined.error));
    const first = await b.client.from('messages').select('*').eq('session_id', session.id).gt('seq', 0).order('seq');
    assert.deepEqual(first.data.map((r) => r.id), [early.id]);

    const batches = [];
    for (let i = 0; i < 8; i++) {
      batches.push({ who: a, rows: messageRows(session.id, a.id, [`a${i}.1`, `a${i}.2`, `a${i}.3`], { firstClientSeq: 2 + i * 3 }) });
      batches.push({ who: b, rows: messageRows(session.id, b.id, [`b${i}.1`, `b${i}.2`, `b${i}.3`], { firstClientSeq: 1 + i * 3, lang: 'es' }) });
    }
    const results = await Promise.all(batches.map(({ who, rows }) => sendBatch(who.client, rows)));
    for (const [i, res] of results.entries()) {
      assert.equal(res.error, null, JSON.stringify(res.error));
      assert.deepEqual(res.data.map((r) => r.id), batches[i].rows.map((r) => r.id));
      for (let k = 1; k < res.data.length; k++) assert.ok(res.data[k].seq > res.data[k - 1].seq, 'array order = seq order');
    }
    const all = await a.client.from('messages').select('*').eq('session_id', session.id).order('seq');
    assert.equal(all.data.length, 1 + 16 * 3);
    assert.deepEqual(
      all.data.map((r) => r.seq),
      Array.from({ length: 49 }, (_, i) => i + 1),
      'seq is unique and gapless per session',
    );
    // Each sender's messages appear in client_seq order.
    for (const who of [a, b]) {
      const cs = all.data.filter((r) => r.sender_id === who.id).map((r) => r.client_seq);
      // Batches raced each other, so only within-batch order is guaranteed; check that.
      const byBatch = new Map();
      for (const r of all.data.filter((x) => x.sender_id === who.id)) {
        const key = r.body.split('.')[0];
        byBatch.set(key, [...(byBatch.get(key) ?? []), r.client_seq]);
      }
      for (const seqs of byBatch.values()) assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y));
      assert.equal(new Set(cs).size, cs.length);
    }
  });
});

describe('a signed-in non-participant is denied on every path', () => {
  let a;
  let b;
  let c;
  let session;
  let rows;

  before(async () => {
    a = await user();
    b = await user();
    c = await user();
    const created = await a.client.rpc('create_session', { display_name: 'Alice', language: 'en' });
    assert.equal(created.error, null, JSON.stringify(created.error));
    session = rowOf(created.data);
    const joined = await b.client.rpc('join_session', { code: session.code, display_name: 'Bruno', language: 'es' });
    assert.equal(joined.error, null, JSON.stringify(joined.error));
    rows = messageRows(session.id, a.id, ['secret one', 'secret two']);
    const sent = await sendBatch(a.client, rows);
    assert.equal(sent.error, null, JSON.stringify(sent.error));
    assert.equal(sent.data.length, 2);
  });

  it('select on sessions, participants and messages shows nothing', async () => {
    assertHidden(await c.client.from('sessions').select('*').eq('id', session.id), 'sessions by id');
    assertHidden(await c.client.from('sessions').select('*'), 'all sessions');
    assertHidden(await c.client.from('participants').select('*').eq('session_id', session.id), 'participants');
    assertHidden(await c.client.from('participants').select('*'), 'all participants');
    assertHidden(await c.client.from('messages').select('*').eq('session_id', session.id), 'messages');
    assertHidden(await c.client.from('messages').select('*').eq('session_id', session.id).gt('seq', 0).order('seq'), 'catch-up');
    assertHidden(await c.client.from('messages').select('*'), 'all messages');
    assertHidden(await c.client.from('messages').select('*').eq('id', rows[0].id), 'message by id');
    // Positive control: the participants do see them.
    const seen = await b.client.from('messages').select('*').eq('session_id', session.id);
    assert.equal(seen.data.length, 2);
  });

  it('insert into the session messages answers 42501 / 403', async () => {
    const [row] = messageRows(session.id, c.id, ['intruder']);
    const res = await sendBatch(c.client, [row]);
    assert.ok(res.error, `expected an error, got ${JSON.stringify(res.data)}`);
    assert.equal(res.error.code, '42501', JSON.stringify(res.error));
    assert.equal(res.status, 403);
    const plain = await c.client.from('messages').insert({ ...row, id: crypto.randomUUID() }).select();
    assert.ok(plain.error, 'plain insert must fail as well');
    assert.equal(plain.error.code, '42501', JSON.stringify(plain.error));
    const check = await a.client.from('messages').select('*').eq('session_id', session.id);
    assert.equal(check.data.length, 2, 'nothing was stored');
  });

  it('update/delete of the session messages changes nothing', async () => {
    const upd = await c.client.from('messages').update({ body: 'x' }).eq('id', rows[0].id).select();
    if (!upd.error) assert.deepEqual(upd.data, []);
    const del = await c.client.from('messages').delete().eq('session_id', session.id).select();
    if (!del.error) assert.deepEqual(del.data, []);
    const check = await a.client.from('messages').select('*').eq('session_id', session.id).order('seq');
    assert.deepEqual(
      check.data.map((r) => r.body),
      ['secret one', 'secret two'],
    );
  });

  it('ack_messages, leave_session and retranslate fail', async () => {
    const ack = await c.client.rpc('ack_messages', { session_id: session.id, delivered_seq: 2, read_seq: 2 });
    assert.ok(ack.error, `ack_messages by an outsider must fail: ${JSON.stringify(ack)}`);
    const leave = await c.client.rpc('leave_session', { session_id: session.id });
    assert.ok(leave.error, `leave_session by an outsider must fail: ${JSON.stringify(leave)}`);
    const retr = await c.client.rpc('retranslate', { message_id: rows[0].id });
    assert.ok(retr.error, `retranslate by an outsider must fail: ${JSON.stringify(retr)}`);
    for (const r of [ack, leave, retr]) assert.ok(r.status >= 400 && r.status < 500, `status ${r.status}`);
    // Nothing changed for the participants.
    const parts = await a.client.from('participants').select('*').eq('session_id', session.id);
    assert.equal(parts.data.length, 2);
    for (const p of parts.data) {
      assert.equal(p.left_at, null);
      assert.equal(p.delivered_seq, 0);
      assert.equal(p.read_seq, 0);
    }
  });

  it("join_session with the code of a full session answers 'session_full'", async () => {
    const res = await c.client.rpc('join_session', { code: session.code, display_name: 'Carla', language: 'fr' });
    assertRpcError(res, 'session_full', 'third join');
    const parts = await a.client.from('participants').select('*').eq('session_id', session.id);
    assert.equal(parts.data.length, 2);
    assertHidden(await c.client.from('messages').select('*').eq('session_id', session.id), 'messages after failed join');
  });
});

describe('errors', () => {
  let a;
  let session;

  before(async () => {
    a = await user();
    const created = await a.client.rpc('create_session', { display_name: 'Alice', language: 'en' });
    assert.equal(created.error, null, JSON.stringify(created.error));
    session = rowOf(created.data);
  });

  it("join_session with an unknown code answers 'session_not_found'", async () => {
    const b = await user();
    const res = await b.client.rpc('join_session', { code: otherCode(session.code), display_name: 'Bruno', language: 'es' });
    assertRpcError(res, 'session_not_found', 'unknown code');
  });

  it("invalid input answers 'invalid_input'", async () => {
    const b = await user();
    assertRpcError(
      await b.client.rpc('create_session', { display_name: '', language: 'en' }),
      'invalid_input',
      'create_session with empty display_name',
    );
    assertRpcError(
      await b.client.rpc('join_session', { code: session.code, display_name: '', language: 'es' }),
      'invalid_input',
      'join_session with empty display_name',
    );
    // The failed join did not make b a participant.
    const parts = await a.client.from('participants').select('*').eq('session_id', session.id);
    assert.equal(parts.data.length, 1);
  });

  it('message body is 1..2000 characters', async () => {
    const [tooLong] = messageRows(session.id, a.id, ['x'.repeat(2001)]);
    const res = await sendBatch(a.client, [tooLong]);
    assert.ok(res.error, 'a 2001-character body must be rejected');
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
    const [empty] = messageRows(session.id, a.id, [''], { firstClientSeq: 2 });
    const res2 = await sendBatch(a.client, [empty]);
    assert.ok(res2.error, 'an empty body must be rejected');
    const none = await a.client.from('messages').select('*').eq('session_id', session.id);
    assert.deepEqual(none.data, [], 'nothing stored');
    // The boundary itself is accepted; a 2000-character body of multi-byte characters too.
    const [max, maxUnicode] = messageRows(session.id, a.id, ['y'.repeat(2000), 'é'.repeat(2000)], { firstClientSeq: 3 });
    const ok = await sendBatch(a.client, [max, maxUnicode]);
    assert.equal(ok.error, null, JSON.stringify(ok.error));
    assert.equal(ok.data.length, 2);
    assert.equal(ok.data[1].body.length, 2000);
  });

  it('a rejected row in a batch rejects the whole batch (one statement)', async () => {
    const batch = messageRows(session.id, a.id, ['fine', 'z'.repeat(2001)], { firstClientSeq: 10 });
    const res = await sendBatch(a.client, batch);
    assert.ok(res.error);
    const check = await a.client.from('messages').select('*').eq('id', batch[0].id);
    assert.deepEqual(check.data, [], 'the valid row of a failed batch is not stored');
  });

  it('an invalid JWT answers 401', async () => {
    const garbage = await rawFetch(server, '/rest/v1/messages?select=*', { token: 'not-a-jwt' });
    assert.equal(garbage.status, 401, garbage.text);
    const claims = { sub: a.id, role: 'authenticated', aud: 'authenticated', exp: Math.floor(Date.now() / 1000) + 3600 };
    const wrongKey = signJwt(claims, 'some-other-secret-that-is-long-enough-to-be-valid');
    const forged = await rawFetch(server, '/rest/v1/messages?select=*', { token: wrongKey });
    assert.equal(forged.status, 401, forged.text);
    const forgedRpc = await rawFetch(server, '/rest/v1/rpc/create_session', {
      method: 'POST',
      token: wrongKey,
      body: { display_name: 'Mallory', language: 'en' },
    });
    assert.equal(forgedRpc.status, 401, forgedRpc.text);
    const expired = signJwt({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, server.jwtSecret);
    const exp = await rawFetch(server, '/rest/v1/messages?select=*', { token: expired });
    assert.equal(exp.status, 401, exp.text);
    // PostgREST's error shape.
    for (const r of [garbage, forged, exp]) {
      assert.ok(r.json && typeof r.json.message === 'string', `PostgREST error body expected: ${r.text}`);
    }
    // Control: the same request with a properly signed token succeeds.
    const good = signJwt(claims, server.jwtSecret);
    const ok = await rawFetch(server, '/rest/v1/messages?select=*', { token: good });
    assert.equal(ok.status, 200, ok.text);
  });

  it('the realtime socket refuses a bad apikey at the upgrade with 401', async () => {
    const { default: WebSocket } = await import('ws');
    const url = `${server.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=not-a-jwt&vsn=2.0.0`;
    const status = await new Promise((resolve) => {
      const ws = new WebSocket(url);
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode);
        ws.terminate();
      });
      ws.on('open', () => {
        resolve('open');
        ws.terminate();
      });
      ws.on('error', () => {});
    });
    assert.equal(status, 401);
    // Control: the real anon key connects.
    const okUrl = `${server.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${server.anonKey}&vsn=2.0.0`;
    const okStatus = await new Promise((resolve) => {
      const ws = new WebSocket(okUrl);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.on('open', () => {
        resolve('open');
        ws.close();
      });
      ws.on('error', () => {});
    });
    assert.equal(okStatus, 'open');
  });
});

// Rules where session-server must agree with supabase/migrations (docs/contracts.md §2: "The server and
// the migrations must agree").
describe('rules shared with the SQL migration', () => {
  let a;
  let b;
  let session;

  before(async () => {
    a = await user();
    b = await user();
    const created = await a.client.rpc('create_session', { display_name: 'Alice', language: 'en' });
    assert.equal(created.error, null, JSON.stringify(created.error));
    session = rowOf(created.data);
  });

  it('the code is trimmed and case-insensitive on input', async () => {
    const res = await b.client.rpc('join_session', {
      code: `  ${session.code.toLowerCase()} `,
      display_name: 'Bruno',
      language: 'es',
    });
    assert.equal(res.error, null, JSON.stringify(res.error));
    assert.equal(rowOf(res.data).id, session.id);
  });

  it('names are 1..64 characters and languages two lower-case letters', async () => {
    const c = await user();
    const bad = [
      { display_name: '   ', language: 'en' },
      { display_name: 'n'.repeat(65), language: 'en' },
      { display_name: 'Carla', language: 'english' },
      { display_name: 'Carla', language: 'EN' },
      { display_name: 'Carla', language: '' },
    ];
    for (const args of bad) {
      assertRpcError(await c.client.rpc('create_session', args), 'invalid_input', `create_session ${JSON.stringify(args)}`);
    }
    const ok = await c.client.rpc('create_session', { display_name: 'n'.repeat(64), language: 'fr' });
    assert.equal(ok.error, null, JSON.stringify(ok.error));
  });

  it('a participant who left cannot post until they rejoin; history stays readable', async () => {
    const [r1] = messageRows(session.id, a.id, ['hello']);
    assert.equal((await sendBatch(a.client, [r1])).error, null);
    const leave = await b.client.rpc('leave_session', { session_id: session.id });
    assert.equal(leave.error, null, JSON.stringify(leave.error));
    const p = await a.client.from('participants').select('*').eq('session_id', session.id).eq('user_id', b.id);
    assert.ok(p.data[0].left_at, 'left_at is set');
    const read = await b.client.from('messages').select('*').eq('session_id', session.id);
    assert.equal(read.data.length, 1, 'a participant who left still reads the history');
    const [r2] = messageRows(session.id, b.id, ['still here?'], { lang: 'es' });
    const refused = await sendBatch(b.client, [r2]);
    assert.ok(refused.error, 'posting after leaving must fail');
    assert.equal(refused.error.code, '42501', JSON.stringify(refused.error));
    const rejoin = await b.client.rpc('join_session', { code: session.code, display_name: 'Bruno', language: 'es' });
    assert.equal(rejoin.error, null, JSON.stringify(rejoin.error));
    const p2 = await a.client.from('participants').select('*').eq('session_id', session.id).eq('user_id', b.id);
    assert.equal(p2.data[0].left_at, null, 'rejoin clears left_at');
    const again = await sendBatch(b.client, [r2]);
    assert.equal(again.error, null, JSON.stringify(again.error));
    assert.equal(again.data.length, 1);
  });

  it('receipts cover only the partner messages, and reading implies delivery', async () => {
    // Messages so far: A's seq 1, B's seq 2. B may ack at most 1.
    const ack = await b.client.rpc('ack_messages', { session_id: session.id, delivered_seq: 100, read_seq: 100 });
    assert.equal(ack.error, null, JSON.stringify(ack.error));
    const p = await a.client.from('participants').select('*').eq('session_id', session.id).eq('user_id', b.id);
    assert.equal(p.data[0].delivered_seq, 1, 'clamped to the newest partner message');
    assert.equal(p.data[0].read_seq, 1);
    const ackA = await a.client.rpc('ack_messages', { session_id: session.id, delivered_seq: 0, read_seq: 2 });
    assert.equal(ackA.error, null, JSON.stringify(ackA.error));
    const pa = await a.client.from('participants').select('*').eq('session_id', session.id).eq('user_id', a.id);
    assert.equal(pa.data[0].read_seq, 2);
    assert.equal(pa.data[0].delivered_seq, 2, 'read implies delivered');
    assertRpcError(
      await a.client.rpc('ack_messages', { session_id: session.id, delivered_seq: null, read_seq: 1 }),
      'invalid_input',
      'ack with null watermark',
    );
  });

  it('clients cannot set server columns (seq, created_at, translation)', async () => {
    const [row] = messageRows(session.id, a.id, ['forged seq'], { firstClientSeq: 50 });
    const res = await sendBatch(a.client, [{ ...row, seq: 999 }]);
    assert.ok(res.error, `a client-chosen seq must be refused: ${JSON.stringify(res.data)}`);
    const res2 = await sendBatch(a.client, [{ ...row, translated_body: 'fake' }]);
    assert.ok(res2.error, 'a client-chosen translation must be refused');
    const check = await a.client.from('messages').select('*').eq('id', row.id);
    assert.deepEqual(check.data, []);
  });
});

// rpc('preview_session', {code}) (docs/contracts.md §3): what a join would answer, without
// joining; the same cases run against PostgreSQL in supabase/tests/preview_session.sql.
describe('preview_session', () => {
  const closed = (status) => ({ status, inviter_name: null, inviter_language: null, expires_at: null });
  let a;
  let session;

  before(async () => {
    a = await user();
    const created = await a.client.rpc('create_session', { display_name: 'Ana', language: 'en' });
    assert.equal(created.error, null, JSON.stringify(created.error));
    session = rowOf(created.data);
  });

  it('an open session shows who invites, in which language, and its end; nobody joins', async () => {
    const x = await user();
    for (const code of [session.code, `  ${session.code.toLowerCase()} `]) {
      const res = await x.client.rpc('preview_session', { code });
      assert.equal(res.error, null, JSON.stringify(res.error));
      assert.deepEqual(rowOf(res.data), {
        status: 'open',
        inviter_name: 'Ana',
        inviter_language: 'en',
        expires_at: session.expires_at,
      });
    }
    const parts = await a.client.from('participants').select('user_id').eq('session_id', session.id);
    assert.deepEqual(parts.data.map((p) => p.user_id), [a.id], 'a preview joins nobody');
  });

  it('unknown codes answer not_found; an empty code invalid_input; anonymous callers are refused', async () => {
    const x = await user();
    for (const code of [otherCode(session.code), 'nope']) {
      const res = await x.client.rpc('preview_session', { code });
      assert.equal(res.error, null, JSON.stringify(res.error));
      assert.deepEqual(rowOf(res.data), closed('not_found'), code);
    }
    assertRpcError(await x.client.rpc('preview_session', { code: ' ' }), 'invalid_input', 'empty code');
    const anon = await rawFetch(server, '/rest/v1/rpc/preview_session', { method: 'POST', body: { code: session.code } });
    assert.ok(anon.status === 401 || anon.status === 403, `anonymous preview: ${anon.status}`);
  });

  it('a full session says only full, except to a participant', async () => {
    const b = await user();
    const joined = await b.client.rpc('join_session', { code: session.code, display_name: 'Bruno', language: 'es' });
    assert.equal(joined.error, null, JSON.stringify(joined.error));
    const x = await user();
    assert.deepEqual(rowOf((await x.client.rpc('preview_session', { code: session.code })).data), closed('full'));
    assert.equal(rowOf((await b.client.rpc('preview_session', { code: session.code })).data).status, 'open');
  });

  describe('expiry and the join lockout', () => {
    let limited;
    before(async () => {
      // Sessions live 2 s; two wrong codes per user are free (per address: the default 20).
      limited = await startServer({ extraArgs: ['--session-ttl-secs', '2', '--join-free-failures-user', '2'] });
    });
    after(async () => {
      await limited?.dispose();
    });
    async function limitedUser() {
      const u = await anonUser(limited);
      clients.push(u.client);
      return u;
    }

    it('an expired session says only expired', async () => {
      const owner = await limitedUser();
      const created = rowOf((await owner.client.rpc('create_session', { display_name: 'Eva', language: 'de' })).data);
      const x = await limitedUser();
      const preview = async () => rowOf((await x.client.rpc('preview_session', { code: created.code })).data);
      assert.equal((await preview()).status, 'open');
      const expired = await waitFor(async () => {
        const p = await preview();
        return p.status === 'expired' && p;
      }, 10_000, 'the session to expire');
      assert.deepEqual(expired, closed('expired'));
    });

    it('misses count as failed joins, and a locked-out caller is refused both', async () => {
      const owner = await limitedUser();
      const created = rowOf((await owner.client.rpc('create_session', { display_name: 'Eva', language: 'de' })).data);
      const x = await limitedUser();
      const miss = await x.client.rpc('preview_session', { code: otherCode(created.code) });
      assert.equal(rowOf(miss.data).status, 'not_found');
      const joinMiss = await x.client.rpc('join_session', { code: otherCode(created.code), display_name: 'X', language: 'fr' });
      assertRpcError(joinMiss, 'session_not_found', 'second miss, by a join');
      const third = await x.client.rpc('preview_session', { code: otherCode(created.code) });
      assert.equal(rowOf(third.data).status, 'not_found', 'the third miss starts the lockout');
      const locked = await x.client.rpc('preview_session', { code: created.code });
      assertRpcError(locked, 'too_many_attempts', 'preview during the lockout');
      assert.equal(locked.status, 429);
      assertRpcError(
        await x.client.rpc('join_session', { code: created.code, display_name: 'X', language: 'fr' }),
        'too_many_attempts',
        'join during the lockout',
      );
      const own = await owner.client.rpc('preview_session', { code: created.code });
      assert.equal(rowOf(own.data).status, 'open', 'a participant is never refused');
    });
  });
});

// The per-session glossary (docs/features/glossary.md), as the app calls it; the same cases run
// against PostgreSQL in supabase/tests/glossary.sql.
describe('glossary', () => {
  let a;
  let b;
  let session;

  before(async () => {
    a = await user();
    b = await user();
    session = await pairInSession(a, b);
  });

  const list = async (who) => {
    const res = await who.client.from('glossary_terms').select('*').eq('session_id', session.id).order('created_at');
    assert.equal(res.error, null, JSON.stringify(res.error));
    return res.data.map((t) => [t.term, t.translation]);
  };

  it('participants pin, read and unpin; a term pinned in another case is replaced in place', async () => {
    const pinned = await a.client.rpc('pin_term', { session_id: session.id, term: ' Apple ', translation: null });
    assert.equal(pinned.error, null, JSON.stringify(pinned.error));
    const apple = rowOf(pinned.data);
    assert.equal(apple.term, 'Apple');
    assert.equal(apple.created_by, a.id);
    assert.match(apple.id, UUID_RE);
    const again = rowOf((await b.client.rpc('pin_term', { session_id: session.id, term: 'APPLE', translation: 'Apple Inc.' })).data);
    assert.equal(again.id, apple.id);
    assert.equal(again.created_by, b.id);
    assert.deepEqual(await list(a), [['APPLE', 'Apple Inc.']]);
    assert.deepEqual(await list(b), [['APPLE', 'Apple Inc.']]);
    const removed = await a.client.rpc('unpin_term', { session_id: session.id, term_id: apple.id });
    assert.equal(removed.error, null, JSON.stringify(removed.error));
    assert.equal(removed.data, null, 'void');
    assert.deepEqual(await list(b), []);
  });

  it('a stranger can neither read, pin nor unpin; bad terms are invalid_input', async () => {
    const x = await user();
    const term = rowOf((await a.client.rpc('pin_term', { session_id: session.id, term: 'Rosa' })).data);
    assertHidden(await x.client.from('glossary_terms').select('*').eq('session_id', session.id), 'stranger reads');
    for (const [name, args] of [
      ['pin_term', { session_id: session.id, term: 'Eve', translation: null }],
      ['unpin_term', { session_id: session.id, term_id: term.id }],
    ]) {
      const res = await x.client.rpc(name, args);
      assert.equal(res.status, 403, `${name}: ${JSON.stringify(res.error)}`);
      assert.equal(res.error.code, '42501');
    }
    for (const args of [{ term: '  ' }, { term: 'x'.repeat(101) }, { term: 'Sol', translation: ' ' }]) {
      assertRpcError(await a.client.rpc('pin_term', { session_id: session.id, translation: null, ...args }), 'invalid_input', JSON.stringify(args));
    }
    const direct = await a.client.from('glossary_terms').insert({ session_id: session.id, term: 'x' });
    assert.equal(direct.error?.code, '42501', JSON.stringify(direct));
  });
});
