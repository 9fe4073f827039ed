// supabase/functions/{translate,languages}/index.ts run by real Deno (the npm package `deno`, pinned in
// end2end/package.json) with only the permissions it needs, against the LibreTranslate fake and a
// Node fake of Supabase (Auth's /auth/v1/user, PostgREST's /rest/v1/rpc/apply_translation).
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { fakeLibreTranslate, freePort } from '../support/extra-server';

const DENO = path.join(__dirname, '..', 'node_modules', '.bin', 'deno');
const FUNCTIONS = path.join(__dirname, '..', '..', 'supabase', 'functions');

interface FakeSupabase { url: string; applied: unknown[]; close: () => Promise<void> }

/** Auth answers only for the token `user-token`; apply_translation calls are recorded. */
async function fakeSupabase(): Promise<FakeSupabase> {
  const fake: FakeSupabase = { url: '', applied: [], close: async () => {} };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url === '/auth/v1/user' && req.headers.authorization === 'Bearer user-token') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'u1' }));
      } else if (req.url === '/rest/v1/rpc/apply_translation' && req.headers.authorization === 'Bearer srk') {
        fake.applied.push(JSON.parse(body));
        res.writeHead(204).end();
      } else {
        res.writeHead(401).end('{}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}

/** Starts the function under `deno run` with only net to 127.0.0.1 and its own variables; waits until it answers. */
async function serveFunction(env: Record<string, string>, name = 'translate'): Promise<{ deno: ChildProcess; base: string }> {
  const port = await freePort();
  const deno = spawn(DENO, ['run', '--allow-net=127.0.0.1',
    '--allow-env=LIBRETRANSLATE_URL,LIBRETRANSLATE_API_KEY,DEEPL_API_KEY,DEEPL_API_URL,OPENAI_API_KEY,OPENAI_MODEL,OPENAI_BASE_URL,TRANSLATE_TIMEOUT_MS,SUPABASE_URL,SUPABASE_ANON_KEY,SUPABASE_SERVICE_ROLE_KEY',
    path.join(FUNCTIONS, name, 'index.ts')], {
    env: { PATH: process.env.PATH, DENO_SERVE_ADDRESS: `tcp:127.0.0.1:${port}`, DENO_NO_UPDATE_CHECK: '1',
      SUPABASE_ANON_KEY: 'anon', SUPABASE_SERVICE_ROLE_KEY: 'srk', ...env },
    stdio: 'inherit',
  });
  const base = `http://127.0.0.1:${port}/`;
  await expect.poll(async () => (await fetch(base, { method: 'OPTIONS' }).catch(() => null))?.status, { timeout: 20_000 }).toBe(200);
  return { deno, base };
}

test('hosted translate function under Deno: previews, anon refused, invalid input, write-back, engine failure, CORS', async () => {
  const engine = await fakeLibreTranslate();
  engine.failing = false;
  const supabase = await fakeSupabase();
  const { deno, base } = await serveFunction({ LIBRETRANSLATE_URL: engine.url, SUPABASE_URL: supabase.url });
  try {
    const preflight = await fetch(base, { method: 'OPTIONS' });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const post = (body: unknown, auth = '') => fetch(base, { method: 'POST', body: JSON.stringify(body), headers: auth ? { Authorization: auth } : {} });
    let r = await post({ text: 'Hello', source: 'en', target: 'es' }, 'Bearer user-token');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ translated: '[es] Hello', provider: 'libretranslate' });
    r = await post({ text: 'Hello', source: 'en', target: 'es' }, 'Bearer anon');
    expect(r.status).toBe(401);
    expect((await r.json()).code).toBe('unauthorized');
    r = await post({ text: '', source: 'en', target: 'es' }, 'Bearer user-token');
    expect(r.status).toBe(400);
    r = await post({ message_id: 'm1', text: 'Hi', source: 'en', target: 'fr' }, 'Bearer user-token');
    expect(r.status).toBe(401);
    r = await post({ message_id: 'm1', text: 'Hi', source: 'en', target: 'fr' }, 'Bearer srk');
    expect(r.status).toBe(200);
    expect(supabase.applied).toEqual([{ message_id: 'm1', translated_body: '[fr] Hi', target_lang: 'fr', translation_error: null }]);
    engine.failing = true;
    r = await post({ text: 'Hello', source: 'en', target: 'es' }, 'Bearer user-token');
    expect(r.status).toBe(502);
    expect((await r.json()).code).toBe('provider_error');
    r = await post({ message_id: 'm2', text: 'Hi', source: 'en', target: 'fr' }, 'Bearer srk');
    expect(r.status).toBe(200);
    expect(supabase.applied).toHaveLength(2);
    expect(supabase.applied[1]).toMatchObject({ message_id: 'm2', translated_body: null, target_lang: 'fr' });
    expect(typeof (supabase.applied[1] as any).translation_error).toBe('string');
  } finally {
    deno.kill();
    await engine.close();
    await supabase.close();
  }
});

test('hosted translate function under Deno: an engine slower than TRANSLATE_TIMEOUT_MS is recorded as a translation error', async () => {
  const hanging = http.createServer(() => {});
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const supabase = await fakeSupabase();
  const { deno, base } = await serveFunction({
    LIBRETRANSLATE_URL: `http://127.0.0.1:${(hanging.address() as net.AddressInfo).port}`,
    SUPABASE_URL: supabase.url, TRANSLATE_TIMEOUT_MS: '300',
  });
  try {
    const started = Date.now();
    const r = await fetch(base, { method: 'POST', headers: { Authorization: 'Bearer srk' },
      body: JSON.stringify({ message_id: 'm3', text: 'Hi', source: 'en', target: 'fr' }) });
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(supabase.applied).toHaveLength(1);
    expect(supabase.applied[0]).toMatchObject({ message_id: 'm3', translated_body: null });
    expect(typeof (supabase.applied[0] as any).translation_error).toBe('string');
  } finally {
    deno.kill();
    hanging.closeAllConnections();
    hanging.close();
    await supabase.close();
  }
});

test('hosted languages function under Deno: LibreTranslate\'s own list, the common list for DeepL, none without an engine, CORS', async () => {
  const engine = http.createServer((req, res) => {
    if (req.url !== '/languages') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([
      { code: 'en', name: 'English', targets: ['en', 'es', 'fr'] },
      { code: 'es', name: 'Spanish', targets: ['en'] },
      { code: 'zh-Hant', name: 'Chinese (traditional)', targets: ['en'] },
    ]));
  });
  await new Promise<void>((resolve) => engine.listen(0, '127.0.0.1', resolve));
  const served = [
    await serveFunction({ LIBRETRANSLATE_URL: `http://127.0.0.1:${(engine.address() as net.AddressInfo).port}` }, 'languages'),
    await serveFunction({ DEEPL_API_KEY: 'k' }, 'languages'),
    await serveFunction({}, 'languages'),
  ];
  try {
    const [libre, deepl, none] = served.map((s) => s.base);
    const preflight = await fetch(libre, { method: 'OPTIONS' });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    let r = await fetch(libre, { headers: { Authorization: 'Bearer anon' } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ provider: 'libretranslate', languages: ['en', 'es', 'fr'], pairs: [['en', 'es'], ['en', 'fr'], ['es', 'en']] });
    r = await fetch(deepl, { method: 'POST', headers: { Authorization: 'Bearer anon' } });
    const common = await r.json();
    expect(common.provider).toBe('deepl');
    expect(common.languages).toEqual(['de', 'en', 'es', 'fr', 'it', 'ja', 'nl', 'pl', 'pt', 'ru', 'uk', 'zh']);
    expect(common.pairs).toHaveLength(12 * 11);
    r = await fetch(none);
    expect(await r.json()).toEqual({ provider: null, languages: [], pairs: [] });
  } finally {
    for (const s of served) s.deno.kill();
    engine.close();
  }
});
