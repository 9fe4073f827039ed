// Test harness: starts a session-server process, makes supabase-js clients, waits on conditions.
//
// Everything here uses only public supabase-js API; the server is a black box reached over
// HTTP and WebSocket like a browser would.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import crypto from 'node:crypto';

import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';

const SUITE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The two realtime serializers the official client can speak; every realtime scenario runs on both. */
export const VSNS = ['2.0.0', '1.0.0'];

/** Session codes: 6 characters, no 0/O/1/I/L. */
export const CODE_RE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/;

export function serverBinary() {
  if (process.env.SESSION_SERVER_BIN) return path.resolve(process.env.SESSION_SERVER_BIN);
  const release = path.resolve(SUITE_DIR, '../../target/release/session-server');
  const debug = path.resolve(SUITE_DIR, '../../target/debug/session-server');
  if (existsSync(release)) return release;
  if (existsSync(debug)) return debug;
  throw new Error(
    `session-server binary not found (looked at ${release} and ${debug}); ` +
      'build it with `cargo build -p session-server` or set SESSION_SERVER_BIN',
  );
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function sleepMs(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Polls `predicate` until it returns a truthy value (which is returned) or `timeoutMs` passes
 * (then throws, naming `what`, plus whatever `describe()` says about the current state).
 */
export async function waitFor(predicate, timeoutMs = 5000, what = 'condition', describe) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await predicate();
    if (v) return v;
    if (Date.now() > deadline) {
      const extra = describe ? `; state: ${describe()}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${extra}`);
    }
    await sleepMs(15);
  }
}

/** Holds a condition false for `ms` (used only to assert that something does NOT arrive). */
export async function holdsFor(predicate, ms, what = 'condition') {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!(await predicate())) throw new Error(`expected ${what} to hold for ${ms} ms, but it stopped holding`);
    await sleepMs(15);
  }
}

/** The HS256 secret every server of this suite is started with, so tests can forge tokens. */
export const JWT_SECRET = 'conformance-suite-secret-of-at-least-32-characters';

/** One session-server process on a fixed db file and port; can be stopped and started again. */
export class ServerProcess {
  constructor({ dbPath, port, extraArgs = [], jwtSecret = JWT_SECRET } = {}) {
    this.jwtSecret = jwtSecret;
    this.tmpDir = dbPath ? null : mkdtempSync(path.join(os.tmpdir(), 'st-conformance-'));
    this.dbPath = dbPath ?? path.join(this.tmpDir, 'session.db');
    this.port = port;
    this.extraArgs = extraArgs;
    this.proc = null;
    this.log = '';
    this.anonKey = null;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    if (this.port == null) this.port = await freePort();
    const bin = serverBinary();
    const args = [
      '--db',
      this.dbPath,
      '--addr',
      `127.0.0.1:${this.port}`,
      '--jwt-secret',
      this.jwtSecret,
      ...this.extraArgs,
    ];
    const proc = spawn(bin, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'session_server=warn' },
    });
    this.proc = proc;
    let exited = null;
    proc.on('exit', (code, signal) => {
      exited = { code, signal };
    });
    const keep = (chunk) => {
      this.log += chunk.toString();
      if (this.log.length > 200_000) this.log = this.log.slice(-100_000);
      if (process.env.CONFORMANCE_SERVER_LOG) process.stderr.write(chunk);
    };
    proc.stdout.on('data', keep);
    proc.stderr.on('data', keep);

    await waitFor(
      async () => {
        if (exited) throw new Error(`session-server exited early (${JSON.stringify(exited)}):\n${this.log}`);
        try {
          const res = await fetch(`${this.url}/health`);
          return res.ok;
        } catch {
          return false;
        }
      },
      20_000,
      `GET ${this.url}/health`,
      () => this.log.slice(-2000),
    );
    const res = await fetch(`${this.url}/config.json`);
    if (!res.ok) throw new Error(`GET /config.json answered ${res.status}`);
    const cfg = await res.json();
    if (typeof cfg.supabaseAnonKey !== 'string' || cfg.supabaseAnonKey.split('.').length !== 3) {
      throw new Error(`GET /config.json has no JWT supabaseAnonKey: ${JSON.stringify(cfg)}`);
    }
    this.anonKey = cfg.supabaseAnonKey;
    return this;
  }

  /** Sends `signal` and waits for the process to exit. */
  async stop(signal = 'SIGTERM', timeoutMs = 10_000) {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const done = new Promise((r) => proc.once('exit', (code, sig) => r({ code, signal: sig })));
    proc.kill(signal);
    const t = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    const result = await done;
    clearTimeout(t);
    this.proc = null;
    return result;
  }

  async dispose() {
    await this.stop('SIGTERM');
    if (this.tmpDir) rmSync(this.tmpDir, { recursive: true, force: true });
  }
}

export async function startServer(opts) {
  return new ServerProcess(opts).start();
}

/**
 * A WebSocket transport for realtime-js: the `ws` package, with every socket it opens kept so a
 * test can cut one abruptly (no close frame), as a network drop would.
 */
export function trackedTransport() {
  const sockets = [];
  class TrackedWebSocket extends WebSocket {
    constructor(...args) {
      super(...args);
      sockets.push(this);
    }
  }
  return { Transport: TrackedWebSocket, sockets };
}

/** Requests a browser keeps in flight to one host over HTTP/1.1 (Chromium, Firefox: 6). */
const BROWSER_REQUESTS_PER_HOST = 6;

/**
 * `fetch` with at most `limit` requests in flight, the rest queued in order, as a browser
 * queues them per host. Node's fetch opens a new connection for every concurrent request, so a
 * burst of 60 would be 60 new connections from one address in a moment, which the server's
 * per-address connect rate rightly refuses; no browser running the app sends such a burst.
 */
export function browserLikeFetch(limit = BROWSER_REQUESTS_PER_HOST) {
  let inFlight = 0;
  const waiting = [];
  // A finished request hands its place straight to the first one waiting, so a request that
  // arrives meanwhile cannot take it too and make one more than `limit`.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else inFlight -= 1;
  };
  return async (...args) => {
    if (inFlight < limit) inFlight += 1;
    else await new Promise((resume) => waiting.push(resume));
    try {
      return await fetch(...args);
    } finally {
      release();
    }
  };
}

/** A supabase-js client as the app makes it, on Node with `ws` as the WebSocket. */
export function makeClient(server, { vsn = '2.0.0', realtime = {} } = {}) {
  const { Transport, sockets } = trackedTransport();
  const options = {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: browserLikeFetch() },
    realtime: { transport: Transport, vsn, ...realtime },
  };
  const client = createClient(server.url, server.anonKey, options);
  client.__sockets = sockets;
  return client;
}

/** A second client (another tab) of an existing user, from that user's session tokens. */
export async function sameUserClient(server, session, opts = {}) {
  const client = makeClient(server, opts);
  const { data, error } = await client.auth.setSession({
    access_token: session.access_token,
    refresh_token: session.refresh_token,
  });
  if (error) throw new Error(`setSession failed: ${error.message}`);
  return { client, id: data.user.id, token: data.session.access_token };
}

/** Signs in anonymously; returns `{client, id, token}`. */
export async function anonUser(server, opts = {}) {
  const client = makeClient(server, opts);
  const { data, error } = await client.auth.signInAnonymously();
  if (error) throw new Error(`signInAnonymously failed: ${error.message} (${error.status})`);
  if (!data?.session?.access_token || !data?.user?.id) {
    throw new Error(`signInAnonymously returned no session/user: ${JSON.stringify(data)}`);
  }
  return { client, id: data.user.id, token: data.session.access_token, user: data.user, session: data.session };
}

/** Tears a client down so node can exit: channels, socket. */
export async function closeClient(client) {
  if (!client) return;
  try {
    await Promise.race([client.removeAllChannels(), sleepMs(3000)]);
  } catch {
    /* ignore */
  }
  try {
    await Promise.race([client.realtime.disconnect(), sleepMs(3000)]);
  } catch {
    /* ignore */
  }
  for (const s of client.__sockets ?? []) {
    try {
      s.terminate();
    } catch {
      /* ignore */
    }
  }
}

/** Creates a session as `a` and joins it as `b` (code lower-cased); returns the session. */
export async function pairInSession(a, b, { langA = 'en', langB = 'es' } = {}) {
  const created = await a.client.rpc('create_session', { display_name: 'Alice', language: langA });
  if (created.error) throw new Error(`create_session: ${JSON.stringify(created.error)}`);
  const session = rowOf(created.data);
  const joined = await b.client.rpc('join_session', {
    code: session.code.toLowerCase(),
    display_name: 'Bruno',
    language: langB,
  });
  if (joined.error) throw new Error(`join_session: ${JSON.stringify(joined.error)}`);
  return session;
}

/** An RPC returning one row may come back as an object or a one-element array; tests accept both. */
export function rowOf(data) {
  if (Array.isArray(data)) {
    if (data.length !== 1) throw new Error(`expected one row, got ${JSON.stringify(data)}`);
    return data[0];
  }
  return data;
}

export function messageRows(sessionId, senderId, bodies, { firstClientSeq = 1, lang = 'en' } = {}) {
  return bodies.map((body, i) => ({
    id: crypto.randomUUID(),
    session_id: sessionId,
    sender_id: senderId,
    client_seq: firstClientSeq + i,
    body,
    source_lang: lang,
  }));
}

/** Sends rows the way the app's outbox does: one batched, idempotent upsert. */
export function sendBatch(client, rows) {
  return client.from('messages').upsert(rows, { onConflict: 'id', ignoreDuplicates: true }).select();
}

/**
 * The app's session channel: `session:{id}`, private, presence keyed by user id, broadcast with
 * ack and without self, bindings INSERT/UPDATE messages and UPDATE participants. Everything the
 * channel receives is recorded in `rec`.
 */
export function sessionChannel(client, sessionId, userId, { presenceKey = userId, onSubscribed } = {}) {
  const rec = {
    statuses: [],
    errors: [],
    inserts: [],
    messageUpdates: [],
    participantUpdates: [],
    joins: [],
    leaves: [],
    syncs: 0,
    broadcasts: [],
  };
  const filter = `session_id=eq.${sessionId}`;
  const channel = client
    .channel(`session:${sessionId}`, {
      config: { broadcast: { self: false, ack: true }, presence: { key: presenceKey }, private: true },
    })
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'messages', filter }, (p) => rec.inserts.push(p))
    .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'messages', filter }, (p) =>
      rec.messageUpdates.push(p),
    )
    .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'participants', filter }, (p) =>
      rec.participantUpdates.push(p),
    )
    .on('presence', { event: 'sync' }, () => {
      rec.syncs += 1;
    })
    .on('presence', { event: 'join' }, (p) => rec.joins.push(p))
    .on('presence', { event: 'leave' }, (p) => rec.leaves.push(p))
    .on('broadcast', { event: 'typing' }, (p) => rec.broadcasts.push(p));
  const subscribed = new Promise((resolve) => {
    channel.subscribe((status, err) => {
      rec.statuses.push(status);
      if (err) rec.errors.push(err);
      if (status === 'SUBSCRIBED' && onSubscribed) onSubscribed(channel, rec);
      resolve(status);
    });
  });
  return { channel, rec, subscribed };
}

/** Waits until the channel's subscribe callback has reported `status` (default SUBSCRIBED). */
export function waitStatus(rec, status = 'SUBSCRIBED', timeoutMs = 10_000, count = 1) {
  return waitFor(
    () => rec.statuses.filter((s) => s === status).length >= count,
    timeoutMs,
    `channel status ${status} x${count}`,
    () => `statuses=${JSON.stringify(rec.statuses)} errors=${rec.errors.map((e) => e?.message).join(' | ')}`,
  );
}

/** Raw HTTP helper for requests supabase-js would not make (bad tokens). */
export async function rawFetch(server, pathAndQuery, { method = 'GET', token, apikey, body, headers = {} } = {}) {
  const h = { apikey: apikey ?? server.anonKey, ...headers };
  if (token !== undefined) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await fetch(`${server.url}${pathAndQuery}`, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, text, json };
}

/** An HS256 JWT signed with `secret` (for forging tokens with the wrong key). */
export function signJwt(claims, secret) {
  const b64 = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64(claims);
  const sig = crypto.createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

export function decodeJwt(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}
