// Supabase Edge Function `languages` (Deno): the hosted counterpart of session-server's
// `GET|POST /functions/v1/languages` (docs/features/translation.md, "Hosted Supabase").
//
//   → {provider, languages, pairs}   provider: the configured engine's name or null;
//                                    pairs: [source, target] the engine offers;
//                                    languages: every code in some pair, sorted.
//
// Provider, first one configured, as in the `translate` function: LIBRETRANSLATE_URL (its own
// /languages list, each language with its targets), DEEPL_API_KEY or OPENAI_API_KEY (every pair
// of the common list, as session-server does for engines that do not list theirs). The anon key
// is enough (the gateway's verify_jwt checks it): the join form asks before anyone signs in.

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'authorization, x-client-info, apikey, content-type',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
};
const TIMEOUT_MS = Number(Deno.env.get('TRANSLATE_TIMEOUT_MS') ?? 15000);
const LANG = /^[a-z]{2}$/;
/** The same list as session-server's `translate::COMMON_LANGUAGES`. */
const COMMON_LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'pl', 'ru', 'uk', 'ja', 'zh'];

function reply(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...CORS, 'Content-Type': 'application/json' } });
}

function everyPairOf(langs: string[]): [string, string][] {
  return langs.flatMap((s) => langs.filter((t) => t !== s).map((t): [string, string] => [s, t]));
}

/** LibreTranslate's `/languages`: `[{code, name, targets}]`; two-letter codes only, like `translate`. */
async function libreTranslatePairs(base: string): Promise<[string, string][]> {
  const res = await fetch(`${base.replace(/\/$/, '')}/languages`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!res.ok) throw new Error(`LibreTranslate /languages: HTTP ${res.status}`);
  const list: { code: string; targets?: string[] }[] = await res.json();
  return list
    .filter((l) => LANG.test(l.code))
    .flatMap((l) => (l.targets ?? []).filter((t) => LANG.test(t) && t !== l.code).map((t): [string, string] => [l.code, t]));
}

async function offered(): Promise<{ provider: string | null; pairs: [string, string][] }> {
  const env = (k: string) => Deno.env.get(k) || undefined;
  const lt = env('LIBRETRANSLATE_URL');
  if (lt) return { provider: 'libretranslate', pairs: await libreTranslatePairs(lt) };
  if (env('DEEPL_API_KEY')) return { provider: 'deepl', pairs: everyPairOf(COMMON_LANGUAGES) };
  if (env('OPENAI_API_KEY')) return { provider: 'openai', pairs: everyPairOf(COMMON_LANGUAGES) };
  return { provider: null, pairs: [] };
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return new Response('ok', { headers: CORS });
  if (req.method !== 'GET' && req.method !== 'POST') return reply(405, { error: 'use GET or POST', code: 'invalid_input' });
  try {
    const { provider, pairs } = await offered();
    const languages = [...new Set(pairs.flat())].sort();
    return reply(200, { provider, languages, pairs });
  } catch (e) {
    return reply(502, { error: String(e), code: 'provider_error' });
  }
});
