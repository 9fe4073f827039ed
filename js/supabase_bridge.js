// The only hand-written JavaScript of the app: a thin bridge between the Rust code
// (src/services/supabase.rs) and the official, unmodified supabase-js, whose UMD
// build index.html loads as the global `supabase`.
//
// Conventions, so the Rust side stays typed with serde:
// - data goes in and out as JSON strings;
// - REST and RPC calls resolve to `{"data": ..., "error": {message, code, details, hint} | null, "status": n}`
//   (status 0 = the request never reached the server);
// - realtime callbacks receive JSON strings too.

let client = null;

function library() {
  if (globalThis.supabase && globalThis.supabase.createClient) {
    return Promise.resolve(globalThis.supabase);
  }
  // index.html loads supabase.js with `defer`; it has run by DOMContentLoaded.
  return new Promise((resolve, reject) => {
    const done = () =>
      globalThis.supabase
        ? resolve(globalThis.supabase)
        : reject(new Error('supabase-js did not load'));
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', done, { once: true });
    } else {
      done();
    }
  });
}

function client_() {
  if (!client) throw new Error('supabase client not initialised');
  return client;
}

function result(res) {
  const e = res.error;
  return JSON.stringify({
    data: res.data === undefined ? null : res.data,
    error: e
      ? {
          message: String(e.message ?? e),
          code: e.code == null ? null : String(e.code),
          details: e.details == null ? null : String(e.details),
          hint: e.hint == null ? null : String(e.hint),
        }
      : null,
    status: typeof res.status === 'number' ? res.status : 0,
  });
}

export async function init(url, anonKey) {
  if (client) return;
  const { createClient } = await library();
  // Heartbeats every 2 s (supabase-js: 25 s): session-server closes a socket after two missed
  // beats of its own cadence, so a partner whose network vanished leaves presence in seconds
  // (docs/features/presence.md).
  client = createClient(url, anonKey, { realtime: { heartbeatIntervalMs: 2000 } });
}

// Restores the session supabase-js persisted for this browser, or signs in anonymously.
export async function ensureUser() {
  const auth = client_().auth;
  const { data, error } = await auth.getSession();
  if (!error && data && data.session && data.session.user) {
    return data.session.user.id;
  }
  const signIn = await auth.signInAnonymously();
  if (signIn.error) throw new Error(signIn.error.message);
  return signIn.data.user.id;
}

export async function rpc(name, argsJson) {
  return result(await client_().rpc(name, JSON.parse(argsJson)));
}

export async function upsertMessages(rowsJson) {
  const res = await client_()
    .from('messages')
    .upsert(JSON.parse(rowsJson), { onConflict: 'id', ignoreDuplicates: true })
    .select();
  return result(res);
}

// A catch-up page: the oldest `limit` messages after `afterSeq`, or with `newest` the newest
// `limit` (a first open; older ones are paged in on demand).
export async function selectMessages(sessionId, afterSeq, limit, newest) {
  const res = await client_()
    .from('messages')
    .select('*')
    .eq('session_id', sessionId)
    .gt('seq', afterSeq)
    .order('seq', { ascending: !newest })
    .limit(limit);
  return result(res);
}

// One page of older history: the `limit` messages just before `beforeSeq`, newest first.
export async function selectMessagesBefore(sessionId, beforeSeq, limit) {
  const res = await client_()
    .from('messages')
    .select('*')
    .eq('session_id', sessionId)
    .lt('seq', beforeSeq)
    .order('seq', { ascending: false })
    .limit(limit);
  return result(res);
}

// The session's pinned glossary terms, oldest first (docs/features/glossary.md).
export async function selectGlossary(sessionId) {
  const res = await client_()
    .from('glossary_terms')
    .select('*')
    .eq('session_id', sessionId)
    .order('created_at')
    .order('id');
  return result(res);
}

export async function selectParticipants(sessionId) {
  return result(await client_().from('participants').select('*').eq('session_id', sessionId));
}

// Opens `session:{id}` as docs/contracts.md §3 specifies. The callbacks get:
// onChange(json {table, eventType, new}), onPresence(json presenceState()),
// onBroadcast(event, json payload), onStatus(status, errorText).
export function openChannel(sessionId, presenceKey, onChange, onPresence, onBroadcast, onStatus) {
  const filter = `session_id=eq.${sessionId}`;
  const channel = client_().channel(`session:${sessionId}`, {
    config: {
      broadcast: { self: false, ack: true },
      presence: { key: presenceKey },
      private: true,
    },
  });
  const change = (payload) =>
    onChange(
      JSON.stringify({ table: payload.table, eventType: payload.eventType, new: payload.new ?? null }),
    );
  channel
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'messages', filter }, change)
    .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'messages', filter }, change)
    .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'participants', filter }, change)
    .on('presence', { event: 'sync' }, () => onPresence(JSON.stringify(channel.presenceState())))
    .on('broadcast', { event: 'typing' }, (msg) => onBroadcast('typing', JSON.stringify(msg.payload ?? {})))
    .on('broadcast', { event: 'beat' }, (msg) => onBroadcast('beat', JSON.stringify(msg.payload ?? {})))
    .on('broadcast', { event: 'glossary' }, (msg) => onBroadcast('glossary', JSON.stringify(msg.payload ?? {})))
    .subscribe((status, err) => onStatus(String(status), err ? String(err.message ?? err) : ''));
  return channel;
}

export async function track(channel, metaJson) {
  return String(await channel.track(JSON.parse(metaJson)));
}

export async function untrack(channel) {
  return String(await channel.untrack());
}

export async function selectSession(sessionId) {
  return result(await client_().from('sessions').select('*').eq('id', sessionId).maybeSingle());
}

export async function sendBroadcast(channel, event, payloadJson) {
  return String(await channel.send({ type: 'broadcast', event, payload: JSON.parse(payloadJson) }));
}

// Removes a channel. If the leave was not acknowledged (socket down, timeout) realtime-js
// keeps it in its list, and `channel()` would hand the same dead object back for the topic,
// so it is torn down here in any case.
export async function closeChannel(channel) {
  const c = client_();
  const status = String(await c.removeChannel(channel));
  if (c.getChannels().includes(channel)) {
    channel.teardown();
    c.realtime.channels = c.realtime.channels.filter((ch) => ch !== channel);
  }
  return status;
}

// Makes the socket connect now instead of after realtime-js's reconnect backoff.
export async function reconnectSocket() {
  const rt = client_().realtime;
  if (rt.connectionState() !== 'open') {
    await rt.disconnect();
    rt.connect();
  }
}

// The socket's state: 'connecting' | 'open' | 'closing' | 'closed' (polled by the app, since
// realtime-js has no event for every change).
export function socketState() {
  return String(client_().realtime.connectionState());
}

// `functions.invoke(name)`: resolves to the same envelope as `rpc`. An HTTP error's JSON body
// (`{error, code}`) becomes `{message, code}`.
export async function invokeFunction(name, method, bodyJson) {
  const opts = { method };
  if (bodyJson) opts.body = JSON.parse(bodyJson);
  const res = await client_().functions.invoke(name, opts);
  if (!res.error) return JSON.stringify({ data: res.data ?? null, error: null, status: 200 });
  const ctx = res.error.context;
  let message = String(res.error.message ?? res.error);
  let code = null;
  let status = 0;
  if (ctx && typeof ctx.status === 'number') {
    status = ctx.status;
    try {
      const body = await ctx.json();
      if (body && body.error) message = String(body.error);
      if (body && body.code) code = String(body.code);
    } catch (_) {
      // not JSON: keep supabase-js's message
    }
  }
  return JSON.stringify({ data: null, error: { message, code, details: null, hint: null }, status });
}
