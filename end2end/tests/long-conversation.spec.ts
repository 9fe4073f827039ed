// Long conversations stay light (docs/features/offline-support.md, "Long conversations"): a
// session of 10,000 messages opens with its newest page within 1 s, a long time offline is
// caught up in pages of 200, and the app never holds more than 1,000 messages however many
// arrive (the oldest go, "Load earlier messages" brings them back).
import { test, type Request } from '@playwright/test';
import { closeAll, expect, screenshot, type Person } from '../support/browsers';
import { expectConnected, joinByLink, reopenWithoutSavedState, timeline } from '../support/app';
import { personAt, startExtraServer, type ExtraServer } from '../support/extra-server';
import { anaSession, seedMessages, serverIds } from '../support/rest';

let extra: ExtraServer | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(bruno);
  bruno = undefined;
  await extra?.stop();
  extra = undefined;
});

test('long conversation: 10,000 messages open within 1 s; a long offline catches up in pages; at most 1,000 held', async () => {
  test.setTimeout(180_000);
  // Seeding is one user's bursts of 100 rows; nobody reads them in another language.
  extra = await startExtraServer('long-conversation', ['--message-rate', '100000', '--message-burst', '100000', '--translator', 'none']);
  const seeded = await anaSession(extra.url);
  await seedMessages(seeded, 10_000, 'long');
  let server = await serverIds(seeded);
  expect(server.length).toBe(10_000);

  bruno = await personAt('bruno', extra.url);
  const page = bruno.page;
  const catchUps: string[] = [];
  page.on('request', (r: Request) => {
    const url = new URL(r.url());
    if (r.method() === 'GET' && url.pathname === '/rest/v1/messages' && url.searchParams.get('seq')?.startsWith('gt.')) {
      catchUps.push(`${url.searchParams.get('seq')} ${url.searchParams.get('order')} ${url.searchParams.get('limit')}`);
    }
  });
  await joinByLink(page, seeded.code, 'Bruno', 'en');
  await expectConnected(page);
  const messages = page.getByTestId('message');
  await expect(messages).toHaveCount(50);
  expect((await timeline(page)).map((m) => m.id)).toEqual(server.slice(-50));
  await expect(page.getByTestId('load-earlier')).toBeVisible();
  expect(catchUps[0]).toBe('gt.0 seq.desc 50');

  // Opening it again with nothing saved: newest message shown and the composer ready within 1 s
  // of navigation start.
  const openMs = await reopenWithoutSavedState(page, server[server.length - 1]);
  console.log(`[long-conversation] open of 10,000 messages without saved state: ${openMs} ms`);
  expect(openMs).toBeLessThanOrEqual(1_000);
  await expectConnected(page);
  await expect(messages).toHaveCount(50);
  await screenshot(bruno, 'long-conversation-open.png');

  // A long time offline: 1,000 messages arrive meanwhile. Back online they come in pages of 200
  // after the last seen seq, in order; the 50 held before make 1,050, so the oldest 50 go.
  await bruno.context.setOffline(true);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'disconnected');
  await seedMessages(seeded, 1_000, 'later', 10_001);
  server = await serverIds(seeded);
  catchUps.length = 0;
  await bruno.context.setOffline(false);
  await expectConnected(page);
  await expect(page.locator(`[data-testid="message"][data-id="${server[server.length - 1]}"]`)).toBeAttached();
  await expect(messages).toHaveCount(1_000);
  expect((await timeline(page)).map((m) => m.id)).toEqual(server.slice(-1_000));
  const pages = catchUps.filter((c) => c.endsWith('seq.asc 200'));
  expect(pages.length, catchUps.join('\n')).toBeGreaterThanOrEqual(5);
  expect(pages[0]).toBe('gt.10000 seq.asc 200');
  expect(catchUps.every((c) => c.endsWith(' 200') || c.endsWith(' 50'))).toBe(true);

  // What was pushed out pages back in on demand, above what is held.
  await expect(page.getByTestId('load-earlier')).toBeVisible();
  await page.getByTestId('load-earlier').click();
  await expect(messages).toHaveCount(1_050);
  expect((await timeline(page)).map((m) => m.id)).toEqual(server.slice(-1_050));
});
