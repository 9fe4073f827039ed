import { test } from '@playwright/test';
import { closeAll, expect, person, screenshot, SCREENSHOTS, type Person } from '../support/browsers';
import { expectConnected, expectOriginals, sendFast, startConversation, statuses, timeline } from '../support/app';
import { offlineShellReady } from '../support/network';

let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
});

test('offline: the queue survives a reload and is delivered in order when back online', async () => {
  ana = await person('ana');
  bruno = await person('bruno');
  const code = await startConversation(ana.page, bruno.page, 'en', 'es');
  await sendFast(ana.page, 'before going offline');
  await expectOriginals(bruno.page, ['before going offline']);

  // The app's service worker has cached the shell: from now on a reload needs no network.
  const worker = await offlineShellReady(ana.context, ana.page);
  await ana.context.setOffline(true);
  // The worker itself is offline too: what it serves next comes from its cache.
  expect(await worker.evaluate(() => fetch('/health').then(() => 'reached', () => 'offline'))).toBe('offline');
  const status = ana.page.getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-state', 'disconnected');
  const queued = ['offline one', 'offline two', 'offline three', 'offline four'];
  for (const text of queued) await sendFast(ana.page, text);
  await expect(ana.page.getByTestId('queue-count')).toHaveText('4');
  expect(await statuses(ana.page)).toEqual([expect.stringMatching(/^(sent|delivered|read)$/), 'pending', 'pending', 'pending', 'pending']);
  await screenshot(ana, 'offline-queued.png');

  // Reload with no network (the page is the deep link /s/CODE): same history, same queue,
  // still pending, all from the service worker.
  expect(new URL(ana.page.url()).pathname).toBe(`/s/${code}`);
  const before = await timeline(ana.page);
  const reloaded = await ana.page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await expect(ana.page.getByTestId('session-code')).toHaveText(code);
  await expect(status).toHaveAttribute('data-state', 'disconnected');
  await expect(ana.page.getByTestId('queue-count')).toHaveText('4');
  expect(await timeline(ana.page)).toEqual(before);
  expect((await statuses(ana.page)).slice(1)).toEqual(['pending', 'pending', 'pending', 'pending']);
  await screenshot(ana, 'offline-reload-sw-after-reload.png');

  // Opening the link afresh in a new tab, still offline, works the same way.
  const tab = await ana.context.newPage();
  const opened = await tab.goto(`/s/${code}`);
  expect(opened?.fromServiceWorker()).toBe(true);
  await expect(tab.getByTestId('session-code')).toHaveText(code);
  await expect(tab.getByTestId('queue-count')).toHaveText('4');
  expect(await timeline(tab)).toEqual(before);
  await tab.screenshot({ path: `${SCREENSHOTS}/offline-reload-sw-deep-link.png`, fullPage: true });
  await tab.close();

  // Back online: one flush, the partner gets them in order, the queue empties.
  const online = Date.now();
  await ana.context.setOffline(false);
  await expectConnected(ana.page);
  await expect(ana.page.getByTestId('queue-count')).toHaveCount(0);
  await expectOriginals(bruno.page, ['before going offline', ...queued]);
  // Reported, not asserted: speed is a measurement (docs/features/offline-support.md).
  console.log(`[measure] online → queued messages on the partner's screen: ${Date.now() - online} ms`);
  expect((await timeline(bruno.page)).map((m) => m.id)).toEqual(before.map((m) => m.id));
  await expect(ana.page.getByTestId('message').last()).toHaveAttribute('data-status', 'read');
  await screenshot(ana, 'offline-delivered.png');
});

test('offline: both sides offline write in turns, reconnect, and see one timeline', async () => {
  ana = await person('ana');
  bruno = await person('bruno');
  await startConversation(ana.page, bruno.page, 'en', 'en');
  await sendFast(ana.page, 'before the outage');
  await expectOriginals(bruno.page, ['before the outage']);

  await Promise.all([ana.context.setOffline(true), bruno.context.setOffline(true)]);
  for (const p of [ana, bruno]) {
    await expect(p.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'disconnected');
  }
  // Turns, as a conversation would go if both were writing while cut off.
  const written: Record<string, string[]> = { ana: [], bruno: [] };
  for (let i = 1; i <= 4; i++) {
    for (const p of [ana, bruno]) {
      const text = `${p.name} offline ${i}`;
      await sendFast(p.page, text);
      written[p.name].push(text);
    }
  }
  for (const p of [ana, bruno]) {
    await expect(p.page.getByTestId('queue-count')).toHaveText('4');
    await expect(p.page.locator('[data-testid="message"][data-own="true"][data-status="pending"]')).toHaveCount(4);
  }
  await screenshot(ana, 'offline-both-queued-ana.png');
  await screenshot(bruno, 'offline-both-queued-bruno.png');

  await Promise.all([ana.context.setOffline(false), bruno.context.setOffline(false)]);
  for (const p of [ana, bruno]) {
    await expectConnected(p.page);
    await expect(p.page.getByTestId('queue-count')).toHaveCount(0);
    await expect(p.page.getByTestId('message')).toHaveCount(9);
  }
  // One timeline: the same ids and texts in the same order on both screens, each once, and
  // each sender's own order kept within it.
  const a = await timeline(ana.page);
  await expect.poll(() => timeline(bruno!.page)).toEqual(a.map((m) => ({ ...m, own: m.own === 'true' ? 'false' : 'true' })));
  expect(new Set(a.map((m) => m.id)).size).toBe(9);
  expect(a[0].original).toBe('before the outage');
  for (const who of ['ana', 'bruno']) {
    expect(a.map((m) => m.original).filter((t) => t.startsWith(`${who} `))).toEqual(written[who]);
  }
  // Every own message is stored and, both tabs being visible, ends read.
  for (const p of [ana, bruno]) {
    const mine = p.page.locator('[data-testid="message"][data-own="true"]');
    await expect(mine).toHaveCount(p === ana ? 5 : 4);
    await expect(p.page.locator('[data-testid="message"][data-own="true"]:not([data-status="read"])')).toHaveCount(0);
  }
  await screenshot(ana, 'offline-both-reconnected-ana.png');
  await screenshot(bruno, 'offline-both-reconnected-bruno.png');
});
