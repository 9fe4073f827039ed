// Long histories (docs/features/offline-support.md): a first open shows the newest 50 messages,
// a reload the newest 200 from local storage, and "Load earlier messages" pages the older ones
// in (50 at a time) until the whole conversation matches the server's order, with no duplicates.
import { test, type Page } from '@playwright/test';
import { closeAll, expect, type Person } from '../support/browsers';
import { expectConnected, joinByLink, timeline } from '../support/app';
import { personAt, startExtraServer, type ExtraServer } from '../support/extra-server';
import { anaSession, seedMessages, serverIds } from '../support/rest';

const TOTAL = 260;

let extra: ExtraServer | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(bruno);
  bruno = undefined;
  await extra?.stop();
  extra = undefined;
});

/** Presses "Load earlier messages" until it goes; returns how many pages that took. */
async function loadAllEarlier(page: Page): Promise<number> {
  const messages = page.getByTestId('message');
  const loadEarlier = page.getByTestId('load-earlier');
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
  return pages;
}

test('history: a first open shows the newest 50, a reload the newest 200, and the rest pages in in server order', async () => {
  test.setTimeout(120_000);
  // A roomy message rate: the seeding below is one user's burst of 260 rows.
  extra = await startExtraServer('history', ['--message-rate', '1000', '--message-burst', '1000']);
  const seeded = await anaSession(extra.url);
  await seedMessages(seeded, TOTAL, 'history');
  const server = await serverIds(seeded);
  expect(server.length).toBe(TOTAL);

  // A fresh open (joining) reads only the newest page.
  bruno = await personAt('bruno', extra.url);
  const page = bruno.page;
  await joinByLink(page, seeded.code, 'Bruno', 'en');
  await expectConnected(page);
  const messages = page.getByTestId('message');
  await expect(messages).toHaveCount(50);
  expect((await timeline(page)).map((m) => m.id)).toEqual(server.slice(TOTAL - 50));
  await expect(page.getByTestId('load-earlier')).toBeVisible();
  expect(await loadAllEarlier(page)).toBe(5); // 4 × 50, then the last 10 (a short page: nothing older)
  let shown = (await timeline(page)).map((m) => m.id);
  expect(new Set(shown).size).toBe(shown.length);
  expect(shown).toEqual(server);

  // After a reload: the newest 200 from local storage, and the control to get the rest.
  await page.reload();
  await expectConnected(page);
  await expect(page.getByTestId('load-earlier')).toBeVisible();
  await expect(messages).toHaveCount(200);
  expect((await timeline(page)).map((m) => m.id)).toEqual(server.slice(TOTAL - 200));
  expect(await loadAllEarlier(page)).toBe(2); // 50, then the last 10
  shown = (await timeline(page)).map((m) => m.id);
  expect(new Set(shown).size).toBe(shown.length);
  expect(shown).toEqual(server);
});

test('history: a page older than what the join translated is translated once it is read', async () => {
  test.setTimeout(120_000);
  extra = await startExtraServer('history-translated', ['--message-rate', '1000', '--message-burst', '1000']);
  const seeded = await anaSession(extra.url);
  // 230 English messages before Bruno (Spanish) joins: the join translates the newest 200.
  await seedMessages(seeded, 230, 'The cat is black. Message');
  const server = await serverIds(seeded);
  bruno = await personAt('bruno', extra.url);
  const page = bruno.page;
  await joinByLink(page, seeded.code, 'Bruno', 'es');
  await expectConnected(page);
  const bubble = (id: string) => page.locator(`[data-testid="message"][data-id="${id}"]`);
  await expect(bubble(server[229])).toHaveAttribute('data-translation', 'done');
  await loadAllEarlier(page);
  await expect(page.getByTestId('message')).toHaveCount(230);
  // The oldest 30 were outside the join's window: reading them asked for them.
  for (const id of [server[0], server[29]]) {
    await expect(bubble(id)).toHaveAttribute('data-translation', 'done', { timeout: 30_000 });
    await expect(bubble(id).getByTestId('message-text')).toContainText('gato');
  }
});
