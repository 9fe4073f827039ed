import { test } from '@playwright/test';
import { baseURL, closeAll, expect, person, screenshot, type Person } from '../support/browsers';
import { createSession, expectConnected, expectOriginals, joinByLink, sendFast, statuses, timeline } from '../support/app';
import { serveShellFromDist } from '../support/network';

let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
});

test('offline: the queue survives a reload and is delivered in order when back online', async () => {
  ana = await person('ana');
  bruno = await person('bruno');
  const code = await createSession(ana.page, 'Ana', 'en');
  await joinByLink(bruno.page, code, 'Bruno', 'es');
  await expectConnected(ana.page);
  await expectConnected(bruno.page);
  await sendFast(ana.page, 'before going offline');
  await expectOriginals(bruno.page, ['before going offline']);

  // No service worker in this build: the test serves the app shell in its place.
  await serveShellFromDist(ana.context, baseURL());
  await ana.context.setOffline(true);
  const status = ana.page.getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-state', 'disconnected');
  const queued = ['offline one', 'offline two', 'offline three', 'offline four'];
  for (const text of queued) await sendFast(ana.page, text);
  await expect(ana.page.getByTestId('queue-count')).toHaveText('4');
  expect(await statuses(ana.page)).toEqual([expect.stringMatching(/^(sent|delivered|read)$/), 'pending', 'pending', 'pending', 'pending']);
  await screenshot(ana, 'offline-queued.png');

  // Reload with no network: same history, same queue, still pending.
  const before = await timeline(ana.page);
  await ana.page.reload();
  await expect(ana.page.getByTestId('session-code')).toHaveText(code);
  await expect(status).toHaveAttribute('data-state', 'disconnected');
  await expect(ana.page.getByTestId('queue-count')).toHaveText('4');
  expect(await timeline(ana.page)).toEqual(before);
  expect((await statuses(ana.page)).slice(1)).toEqual(['pending', 'pending', 'pending', 'pending']);
  await screenshot(ana, 'offline-after-reload.png');

  // Back online: one flush, the partner gets them in order, the queue empties.
  await ana.context.setOffline(false);
  await expectConnected(ana.page);
  await expect(ana.page.getByTestId('queue-count')).toHaveCount(0);
  await expectOriginals(bruno.page, ['before going offline', ...queued]);
  expect((await timeline(bruno.page)).map((m) => m.id)).toEqual(before.map((m) => m.id));
  await expect(ana.page.getByTestId('message').last()).toHaveAttribute('data-status', 'read');
  await screenshot(ana, 'offline-delivered.png');
});
