// supabase/functions/translate/index.ts run under a minimal Deno stand-in (Deno.env, Deno.serve)
// against the LibreTranslate fake: no Deno is needed on this machine. The suite's session-server
// plays Supabase Auth, which the function asks whether a caller is a signed-in user.
import { test, expect } from '@playwright/test';
import { baseURL } from '../support/browsers';
import { fakeLibreTranslate } from '../support/extra-server';

test('hosted translate edge function (Deno stub): contract, CORS, auth for write-back, provider errors', async () => {
  const fake = await fakeLibreTranslate();
  fake.failing = false;
  const anon = (await (await fetch(`${baseURL()}/config.json`)).json()).supabaseAnonKey as string;
  const signup = await fetch(`${baseURL()}/auth/v1/signup`, { method: 'POST', headers: { apikey: anon, 'content-type': 'application/json' }, body: '{}' });
  const user = `Bearer ${(await signup.json()).access_token}`;
  const env: Record<string, string> = { LIBRETRANSLATE_URL: fake.url, SUPABASE_SERVICE_ROLE_KEY: 'srk', SUPABASE_URL: baseURL(), SUPABASE_ANON_KEY: anon };
  let handler: (r: Request) => Promise<Response> = async () => new Response();
  (globalThis as any).Deno = { env: { get: (k: string) => env[k] }, serve: (h: any) => { handler = h; } };
  await import('../../supabase/functions/translate/index.ts');
  const post = (body: unknown, auth = '') => handler(new Request('http://x/', { method: 'POST', body: JSON.stringify(body), headers: auth ? { Authorization: auth } : {} }));
  // Previews are for signed-in users only: no token, or the bare anon key, is refused.
  let r = await post({ text: 'Hello', source: 'en', target: 'es' });
  expect(r.status).toBe(401);
  r = await post({ text: 'Hello', source: 'en', target: 'es' }, `Bearer ${anon}`);
  expect(r.status).toBe(401);
  expect((await r.json()).code).toBe('unauthorized');
  r = await post({ text: 'Hello', source: 'en', target: 'es' }, user);
  expect(r.status).toBe(200);
  expect(await r.json()).toEqual({ translated: '[es] Hello', provider: 'libretranslate' });
  expect(r.headers.get('access-control-allow-origin')).toBe('*');
  r = await handler(new Request('http://x/', { method: 'OPTIONS' }));
  expect(r.status).toBe(200);
  r = await post({ text: '', source: 'en', target: 'es' });
  expect(r.status).toBe(400);
  r = await post({ message_id: 'm', text: 'Hi', source: 'en', target: 'es' }, 'Bearer nope');
  expect(r.status).toBe(401);
  fake.failing = true;
  r = await post({ text: 'Hello', source: 'en', target: 'es' }, user);
  expect(r.status).toBe(502);
  expect((await r.json()).code).toBe('provider_error');
  delete env.LIBRETRANSLATE_URL;
  r = await post({ text: 'Hello', source: 'en', target: 'es' }, user);
  expect(r.status).toBe(503);
  await fake.close();
});
