// Long histories (docs/features/offline-support.md): after a reload only the newest 200 messages
// come back from local storage, and "Load earlier messages" pages the older ones in (50 at a
// time) until the whole conversation matches the server's order, with no duplicates.
import { test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { closeAll, expect, type Person } from '../support/browsers';
import { expectConnected, joinByLink, timeline } from '../support/app';
import { personAt, startExtraServer, type ExtraServer } from '../support/extra-server';

const TOTAL = 260;

let extra: ExtraServer | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(bruno);
  bruno = undefined;
  await extra?.stop();
  extra = undefined;
});

/** A minimal REST client, as supabase-js talks to the server. */
async function api(url: string) {
  const config = await (await fetch(`${url}/config.json`)).json();
  const key: string = config.supabaseAnonKey;
  const call = async (method: string, path: string, token: string | null, body?: unknown, prefer?: string) => {
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

test('history: a reload keeps the newest 200, "Load earlier messages" pages in the rest in server order', async () => {
  test.setTimeout(120_000);
  // A roomy message rate: the seeding below is one user's burst of 260 rows.
  extra = await startExtraServer('history', ['--message-rate', '1000', '--message-burst', '1000']);
  const { call } = await api(extra.url);

  const signUp = await call('POST', '/auth/v1/signup', null, {});
  const token: string = signUp.access_token;
  const ana: string = signUp.user.id;
  const session = await call('POST', '/rest/v1/rpc/create_session', token, { display_name: 'Ana', language: 'en' });
  const rows = Array.from({ length: TOTAL }, (_, i) => ({
    id: randomUUID(),
    session_id: session.id,
    sender_id: ana,
    client_seq: i + 1,
    body: `history ${String(i + 1).padStart(3, '0')}`,
    source_lang: 'en',
  }));
  for (let i = 0; i < TOTAL; i += 65) {
    await call('POST', '/rest/v1/messages?on_conflict=id&select=*', token, rows.slice(i, i + 65),
      'resolution=ignore-duplicates,return=representation');
  }
  const server: { id: string; seq: number }[] = await call(
    'GET', `/rest/v1/messages?select=id,seq&session_id=eq.${session.id}&order=seq.asc`, token);
  expect(server.length).toBe(TOTAL);

  // A fresh open reads the whole history.
  bruno = await personAt('bruno', extra.url);
  const page = bruno.page;
  await joinByLink(page, session.code, 'Bruno', 'en');
  await expectConnected(page);
  const messages = page.getByTestId('message');
  await expect(messages).toHaveCount(TOTAL, { timeout: 30_000 });
  await expect(page.getByTestId('load-earlier')).toHaveCount(0);

  // After a reload: the newest 200 from local storage, and the control to get the rest.
  await page.reload();
  await expectConnected(page);
  const loadEarlier = page.getByTestId('load-earlier');
  await expect(loadEarlier).toBeVisible();
  await expect(messages).toHaveCount(200);
  expect((await timeline(page)).map((m) => m.id)).toEqual(server.slice(TOTAL - 200).map((m) => m.id));

  // Keyboard first, then clicks, until the control goes away.
  let pages = 0;
  while ((await loadEarlier.count()) > 0) {
    const before = await messages.count();
    const firstId = await messages.first().getAttribute('data-id');
    if (pages === 0) {
      await loadEarlier.focus();
      await page.keyboard.press('Enter');
    } else {
      await loadEarlier.click();
    }
    pages++;
    await expect.poll(() => messages.count()).toBeGreaterThan(before);
    // The message that was at the top stays in view (older ones are prepended above it).
    await expect(page.locator(`[data-testid="message"][data-id="${firstId}"]`)).toBeInViewport();
  }
  expect(pages).toBe(2); // 50, then the last 10 (a short page: nothing older)

  const shown = (await timeline(page)).map((m) => m.id);
  expect(new Set(shown).size).toBe(shown.length);
  expect(shown).toEqual(server.map((m) => m.id));
});
