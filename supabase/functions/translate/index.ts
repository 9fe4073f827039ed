// Supabase Edge Function `translate` (Deno): the hosted counterpart of session-server's
// `POST /functions/v1/translate` (docs/features/translation.md, "Hosted Supabase").
//
//   {text, source, target}               → {translated, provider}     (browser previews; a
//                                           signed-in user's token only, checked with Auth)
//   {message_id, text, source, target}   → writes the result back with
//                                           rpc('apply_translation') (the database trigger's
//                                           call; needs the service role key as bearer)
//
// Provider, first one configured: LIBRETRANSLATE_URL (+ LIBRETRANSLATE_API_KEY),
// DEEPL_API_KEY (+ DEEPL_API_URL, default https://api-free.deepl.com),
// OPENAI_API_KEY (+ OPENAI_BASE_URL, default https://api.openai.com/v1, OPENAI_MODEL).
// Errors answer {error, code} like session-server: 400 invalid_input, 503 no_engine,
// 502 provider_error / provider_timeout, 401 unauthorized.

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'authorization, x-client-info, apikey, content-type',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
};
const TIMEOUT_MS = Number(Deno.env.get('TRANSLATE_TIMEOUT_MS') ?? 15000);
const LANG = /^[a-z]{2}$/;

class Failure extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

function reply(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...CORS, 'Content-Type': 'application/json' } });
}

async function call(provider: string, url: string, init: RequestInit): Promise<any> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'TimeoutError') {
      throw new Failure(502, 'provider_timeout', `${provider}: provider timeout`);
    }
    throw new Failure(502, 'provider_error', `${provider}: unreachable (${e})`);
  }
  if (!res.ok) {
    const detail = (await res.text()).slice(0, 200);
    throw new Failure(502, 'provider_error', `${provider}: HTTP ${res.status} ${detail}`.trim());
  }
  return await res.json();
}

const deeplLang = (l: string, target: boolean) =>
  target && l === 'en' ? 'EN-US' : target && l === 'pt' ? 'PT-PT' : l.toUpperCase();

async function translate(text: string, source: string, target: string): Promise<{ translated: string; provider: string }> {
  const env = (k: string) => Deno.env.get(k) || undefined;
  const json = { 'Content-Type': 'application/json' };
  if (source === target) return { translated: text, provider: 'none' };
  const lt = env('LIBRETRANSLATE_URL');
  if (lt) {
    const body = { q: text, source, target, format: 'text', api_key: env('LIBRETRANSLATE_API_KEY') };
    const out = await call('libretranslate', `${lt.replace(/\/$/, '')}/translate`, { method: 'POST', headers: json, body: JSON.stringify(body) });
    return { translated: String(out.translatedText ?? ''), provider: 'libretranslate' };
  }
  const deepl = env('DEEPL_API_KEY');
  if (deepl) {
    const base = (env('DEEPL_API_URL') ?? 'https://api-free.deepl.com').replace(/\/$/, '');
    const body = { text: [text], source_lang: deeplLang(source, false), target_lang: deeplLang(target, true) };
    const out = await call('deepl', `${base}/v2/translate`, {
      method: 'POST',
      headers: { ...json, Authorization: `DeepL-Auth-Key ${deepl}` },
      body: JSON.stringify(body),
    });
    return { translated: String(out.translations?.[0]?.text ?? ''), provider: 'deepl' };
  }
  const openai = env('OPENAI_API_KEY');
  if (openai) {
    const base = (env('OPENAI_BASE_URL') ?? 'https://api.openai.com/v1').replace(/\/$/, '');
    const body = {
      model: env('OPENAI_MODEL') ?? 'gpt-4o-mini',
      temperature: 0,
      messages: [
        { role: 'system', content: `Translate the user's message from ${source} to ${target}. Reply with the translation only.` },
        { role: 'user', content: text },
      ],
    };
    const out = await call('openai', `${base}/chat/completions`, {
      method: 'POST',
      headers: { ...json, Authorization: `Bearer ${openai}` },
      body: JSON.stringify(body),
    });
    return { translated: String(out.choices?.[0]?.message?.content ?? '').trim(), provider: 'openai' };
  }
  throw new Failure(503, 'no_engine', 'no translation engine configured');
}

/**
 * Whether the caller's bearer token belongs to a signed-in user. The gateway's verify_jwt also
 * lets the anon key through (it is signed too, but has no user), so Auth is asked: its
 * /auth/v1/user answers only for a user's valid token.
 */
async function isSignedInUser(req: Request): Promise<boolean> {
  const bearer = (req.headers.get('Authorization') ?? '').replace(/^Bearer\s+/i, '');
  const url = Deno.env.get('SUPABASE_URL');
  const anon = Deno.env.get('SUPABASE_ANON_KEY');
  if (!bearer || !url || !anon) return false;
  try {
    const res = await fetch(`${url}/auth/v1/user`, {
      headers: { apikey: anon, Authorization: `Bearer ${bearer}` },
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) return false;
    const user = await res.json();
    return typeof user?.id === 'string' && user.id.length > 0;
  } catch {
    return false;
  }
}

/** The trigger's call: translate, then store the translation or the reason it failed. */
async function writeBack(messageId: string, text: string, source: string, target: string): Promise<Response> {
  let args: Record<string, string | null>;
  try {
    const done = await translate(text, source, target);
    args = { message_id: messageId, translated_body: done.translated, target_lang: target, translation_error: null };
  } catch (e) {
    args = { message_id: messageId, translated_body: null, target_lang: target, translation_error: e instanceof Failure ? e.message : String(e) };
  }
  const url = Deno.env.get('SUPABASE_URL')!;
  const key = Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')!;
  const res = await fetch(`${url}/rest/v1/rpc/apply_translation`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', apikey: key, Authorization: `Bearer ${key}` },
    body: JSON.stringify(args),
  });
  if (!res.ok) return reply(502, { error: `apply_translation: HTTP ${res.status} ${await res.text()}`, code: 'write_back_failed' });
  return reply(200, { applied: args.translation_error === null });
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return new Response('ok', { headers: CORS });
  if (req.method !== 'POST') return reply(405, { error: 'use POST', code: 'invalid_input' });
  let body: any;
  try {
    body = await req.json();
  } catch {
    return reply(400, { error: 'body must be JSON {text, source, target}', code: 'invalid_input' });
  }
  const { text, source, target, message_id } = body ?? {};
  if (typeof text !== 'string' || text.length === 0 || text.length > 2000 || !LANG.test(source) || !LANG.test(target)) {
    return reply(400, { error: 'body must be JSON {text, source, target}: text of 1..2000 characters, ISO 639-1 codes', code: 'invalid_input' });
  }
  try {
    if (message_id !== undefined) {
      // Only the database (which holds the service role key) may write translations back.
      const bearer = (req.headers.get('Authorization') ?? '').replace(/^Bearer\s+/i, '');
      if (!bearer || bearer !== Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')) {
        return reply(401, { error: 'message_id needs the service role key', code: 'unauthorized' });
      }
      return await writeBack(String(message_id), text, source, target);
    }
    // Previews spend the provider's quota: signed-in users only, as session-server does.
    if (!(await isSignedInUser(req))) {
      return reply(401, { error: 'translate needs a signed-in user\'s token', code: 'unauthorized' });
    }
    return reply(200, await translate(text, source, target));
  } catch (e) {
    if (e instanceof Failure) return reply(e.status, { error: e.message, code: e.code });
    return reply(500, { error: String(e), code: 'internal' });
  }
});
