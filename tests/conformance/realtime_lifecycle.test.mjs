// Realtime lifecycle details the app relies on over a long session: heartbeats, token refresh
// while joined, a second tab of the same user (two presence metas under one key), and refused
// topics. Both serializers.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  VSNS,
  anonUser,
  closeClient,
  decodeJwt,
  messageRows,
  pairInSession,
  sameUserClient,
  sendBatch,
  sessionChannel,
  startServer,
  waitFor,
} from './lib/harness.mjs';

for (const vsn of VSNS) {
  describe(`realtime lifecycle, vsn ${vsn}`, () => {
    let server;
    const clients = [];

    before(async () => {
      server = await startServer();
    });

    after(async () => {
      await Promise.all(clients.map(closeClient));
      await server?.dispose();
    });

    it('heartbeats are answered and the channel stays joined across them', async () => {
      const beats = [];
      const fast = { heartbeatIntervalMs: 300, heartbeatCallback: (status) => beats.push(status) };
      const a = await anonUser(server, { vsn });
      const b = await anonUser(server, { vsn, realtime: fast });
      clients.push(a.client, b.client);
      const session = await pairInSession(a, b);
      const chB = sessionChannel(b.client, session.id, b.id);
      assert.equal(await chB.subscribed, 'SUBSCRIBED');
      await waitFor(() => beats.filter((s) => s === 'ok').length >= 4, 10_000, '4 heartbeat replies', () =>
        JSON.stringify(beats),
      );
      assert.ok(!beats.includes('timeout'), `heartbeat timed out: ${beats}`);
      assert.ok(!beats.includes('error'), `heartbeat error: ${beats}`);
      assert.deepEqual(chB.rec.statuses, ['SUBSCRIBED'], 'no error/rejoin while heartbeating');
      assert.equal(b.client.__sockets.length, 1, 'no reconnect happened');
      const [row] = messageRows(session.id, a.id, ['still here']);
      assert.equal((await sendBatch(a.client, [row])).error, null);
      await waitFor(() => chB.rec.inserts.some((e) => e.new.id === row.id), 5000, 'B receives the INSERT');
    });

    it('a token refresh while joined keeps the channel working (access_token push)', async () => {
      const pushes = [];
      const logger = (kind, msg) => {
        if (kind === 'push') pushes.push(String(msg));
      };
      const a = await anonUser(server, { vsn });
      const b = await anonUser(server, { vsn, realtime: { logger } });
      clients.push(a.client, b.client);
      const session = await pairInSession(a, b);
      const chB = sessionChannel(b.client, session.id, b.id);
      assert.equal(await chB.subscribed, 'SUBSCRIBED');

      // Tokens carry iat/exp in whole seconds: refresh in a later second so the token differs and
      // realtime-js pushes it to the joined channel.
      const iat = decodeJwt(b.token).iat;
      await waitFor(() => Math.floor(Date.now() / 1000) > iat, 2000, 'the next second');
      const refreshed = await b.client.auth.refreshSession();
      assert.equal(refreshed.error, null, JSON.stringify(refreshed.error));
      assert.notEqual(refreshed.data.session.access_token, b.token, 'a new access token');
      assert.notEqual(refreshed.data.session.refresh_token, b.session.refresh_token, 'refresh tokens rotate');
      assert.equal(refreshed.data.user.id, b.id, 'same identity');
      await waitFor(
        () => pushes.some((m) => m.includes('access_token')),
        5000,
        'realtime-js pushes the new access_token to the joined channel',
        () => pushes.join(' | '),
      );
      // The old refresh token is spent: presented again, as the current token's parent (a lost
      // answer), it is answered with that current token instead of a new one, as GoTrue does.
      const again = await fetch(`${server.url}/auth/v1/token?grant_type=refresh_token`, {
        method: 'POST',
        headers: { apikey: server.anonKey, 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: b.session.refresh_token }),
      });
      assert.equal(again.status, 200, 'a reuse inside the reuse interval is answered');
      assert.equal((await again.json()).refresh_token, refreshed.data.session.refresh_token, 'with the current token');

      // REST with the new token, and realtime still delivering.
      const [row] = messageRows(session.id, a.id, ['after refresh']);
      assert.equal((await sendBatch(a.client, [row])).error, null);
      await waitFor(() => chB.rec.inserts.some((e) => e.new.id === row.id), 5000, 'B receives the INSERT after refresh');
      const [own] = messageRows(session.id, b.id, ['mine after refresh'], { lang: 'es' });
      const sent = await sendBatch(b.client, [own]);
      assert.equal(sent.error, null, JSON.stringify(sent.error));
      assert.deepEqual(chB.rec.statuses, ['SUBSCRIBED'], 'the channel was not closed or errored');
    });

    it('two tabs of one user: two metas under one presence key; closing one keeps the user present', async () => {
      const a = await anonUser(server, { vsn });
      const b = await anonUser(server, { vsn });
      const b2 = await sameUserClient(server, b.session, { vsn });
      clients.push(a.client, b.client, b2.client);
      assert.equal(b2.id, b.id);
      const session = await pairInSession(a, b);
      const chA = sessionChannel(a.client, session.id, a.id);
      const chB1 = sessionChannel(b.client, session.id, b.id);
      const chB2 = sessionChannel(b2.client, session.id, b.id);
      assert.deepEqual(await Promise.all([chA.subscribed, chB1.subscribed, chB2.subscribed]), [
        'SUBSCRIBED',
        'SUBSCRIBED',
        'SUBSCRIBED',
      ]);
      assert.equal(await chB1.channel.track({ display_name: 'Bruno', language: 'es', state: 'active' }), 'ok');
      assert.equal(await chB2.channel.track({ display_name: 'Bruno', language: 'es', state: 'away' }), 'ok');
      await waitFor(() => chA.channel.presenceState()[b.id]?.length === 2, 5000, 'two metas for B at A', () =>
        JSON.stringify(chA.channel.presenceState()),
      );
      assert.deepEqual(
        chA.channel.presenceState()[b.id].map((m) => m.state).sort(),
        ['active', 'away'],
      );
      // Both tabs receive postgres_changes.
      const [row] = messageRows(session.id, a.id, ['to both tabs']);
      assert.equal((await sendBatch(a.client, [row])).error, null);
      await waitFor(
        () => chB1.rec.inserts.length === 1 && chB2.rec.inserts.length === 1,
        5000,
        'both tabs of B receive the INSERT',
      );
      // Closing one tab leaves the other's meta.
      await b2.client.removeAllChannels();
      await waitFor(() => chA.channel.presenceState()[b.id]?.length === 1, 5000, 'one meta left for B', () =>
        JSON.stringify(chA.channel.presenceState()),
      );
      assert.equal(chA.channel.presenceState()[b.id][0].state, 'active');
    });

    it('joins of topics that name no session of the caller are refused', async () => {
      const a = await anonUser(server, { vsn });
      clients.push(a.client);
      for (const topic of ['session:not-a-uuid', `session:${crypto.randomUUID()}`]) {
        const errors = [];
        const ch = a.client.channel(topic, { config: { private: true } });
        const status = await new Promise((resolve) =>
          ch.subscribe((s, err) => {
            if (err) errors.push(err);
            resolve(s);
          }),
        );
        assert.equal(status, 'CHANNEL_ERROR', `${topic}: ${status}`);
        assert.match(errors[0]?.message ?? '', /Unauthorized/);
        await a.client.removeChannel(ch).catch(() => {});
      }
    });
  });
}
