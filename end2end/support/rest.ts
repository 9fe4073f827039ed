// A minimal REST client that talks to the server as supabase-js does, for seeding data a test
// needs faster than a browser could type it.
import { randomUUID } from 'node:crypto';

export type Call = (method: string, path: string, token: string | null, body?: unknown, prefer?: string) => Promise<any>;

export async function api(url: string): Promise<{ call: Call }> {
  const config = await (await fetch(`${url}/config.json`)).json();
  const key: string = config.supabaseAnonKey;
  const call: Call = async (method, path, token, body, prefer) => {
    const headers: Record<string, string> = {
      apikey: key,
      authorization: `Bearer ${token ?? key}`,
      'content-type': 'application/json',
    };
    if (prefer) headers.prefer = prefer;
    const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return { call };
}

export interface Seeded {
  code: string;
  sessionId: string;
  /** Ana's access token and user id (she wrote every seeded message). */
  token: string;
  ana: string;
  call: Call;
}

/** Ana (English) creates a session on the server at `url`; nobody has joined yet. */
export async function anaSession(url: string): Promise<Seeded> {
  const { call } = await api(url);
  const signUp = await call('POST', '/auth/v1/signup', null, {});
  const token: string = signUp.access_token;
  const session = await call('POST', '/rest/v1/rpc/create_session', token, { display_name: 'Ana', language: 'en' });
  return { code: session.code, sessionId: session.id, token, ana: signUp.user.id, call };
}

/**
 * Stores `count` messages from Ana, bodies `<prefix> 1` … `<prefix> <count>` (numbers padded to
 * the width of `count`), in batches of 100 (the server's most per request). The server needs a
 * message rate and burst that allow it. Returns the stored rows' ids in seq order.
 */
export async function seedMessages(s: Seeded, count: number, prefix: string, firstClientSeq = 1): Promise<string[]> {
  const width = String(firstClientSeq + count - 1).length;
  const ids: string[] = [];
  for (let start = 0; start < count; start += 100) {
    const rows = Array.from({ length: Math.min(100, count - start) }, (_, i) => {
      const n = firstClientSeq + start + i;
      return {
        id: randomUUID(),
        session_id: s.sessionId,
        sender_id: s.ana,
        client_seq: n,
        body: `${prefix} ${String(n).padStart(width, '0')}`,
        source_lang: 'en',
      };
    });
    const stored: { id: string }[] = await s.call(
      'POST', '/rest/v1/messages?on_conflict=id&select=id', s.token, rows, 'resolution=ignore-duplicates,return=representation');
    if (stored.length !== rows.length) throw new Error(`stored ${stored.length} of ${rows.length}`);
    ids.push(...stored.map((r) => r.id));
  }
  return ids;
}

/** Every message id of the session in seq order, as Ana reads them. */
export async function serverIds(s: Seeded): Promise<string[]> {
  const rows: { id: string }[] = await s.call(
    'GET', `/rest/v1/messages?select=id&session_id=eq.${s.sessionId}&order=seq.asc`, s.token);
  return rows.map((r) => r.id);
}
