import { test, type Route } from '@playwright/test';
import { closeAll, expect, person, screenshot, type Person } from '../support/browsers';
import { expectOriginals, sendFast, startConversation } from '../support/app';
import { UPSERT } from '../support/network';

let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
});

async function pair() {
  ana = await person('ana');
  bruno = await person('bruno');
  const code = await startConversation(ana.page, bruno.page, 'en', 'en');
  return [ana, bruno] as const;
}

test('failure: a permanent rejection fails at once with its reason; retry and discard work', async () => {
  const [a, b] = await pair();
  const refuse = async (route: Route) => {
    if (route.request().method() !== 'POST') return route.continue();
    return route.fulfill({
      status: 403,
      contentType: 'application/json',
      body: JSON.stringify({ code: '42501', message: 'new row violates row-level security policy', details: null, hint: null }),
    });
  };
  await a.page.route(UPSERT, refuse);
  await sendFast(a.page, 'refused then retried');
  await sendFast(a.page, 'refused then discarded');
  const mine = a.page.getByTestId('message');
  await expect(mine.nth(0)).toHaveAttribute('data-status', 'failed');
  await expect(mine.nth(1)).toHaveAttribute('data-status', 'failed');
  // Plain words with what to do (the technical reason only behind "Details").
  const failure = mine.nth(0).getByTestId('message-failure');
  await expect(failure).toHaveAttribute('data-reason', 'not_allowed');
  await expect(failure).toContainText(/can no longer write in this session/);
  await expect(mine.nth(0).getByTestId('retry')).toBeVisible();
  await expect(a.page.getByTestId('queue-count')).toHaveText('2');
  await screenshot(a, 'failure-permanent.png');

  await a.page.unroute(UPSERT, refuse);
  await mine.nth(1).getByTestId('discard').click();
  await expect(mine).toHaveCount(1);
  await mine.nth(0).getByTestId('retry').click();
  await expect(mine.nth(0)).toHaveAttribute('data-status', /^(sent|delivered|read)$/);
  await expect(a.page.getByTestId('queue-count')).toHaveCount(0);
  await expectOriginals(b.page, ['refused then retried']);
});

test('failure: a server error on every try ends failed after 5 retries; retry then delivers it', async () => {
  test.setTimeout(120_000);
  const [a, b] = await pair();
  let tries = 0;
  const broken = async (route: Route) => {
    if (route.request().method() !== 'POST') return route.continue();
    tries++;
    return route.fulfill({ status: 500, contentType: 'application/json', body: '{"code":"XX000","message":"boom"}' });
  };
  await a.page.route(UPSERT, broken);
  await sendFast(a.page, 'survives a broken server');
  const msg = a.page.getByTestId('message').last();
  await expect(msg).toHaveAttribute('data-status', /^(pending|sending)$/);
  await screenshot(a, 'failure-retrying.png');
  // 1 + 2 + 4 + 8 + 16 s of backoff (±20%) between six attempts.
  await expect(msg).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  expect(tries).toBe(6);
  await expect(msg.getByTestId('message-failure')).toHaveAttribute('data-reason', 'unreachable');
  await expect(msg.getByTestId('failure-reason').locator('code')).toContainText(/500/);
  await screenshot(a, 'failure-retries-spent.png');

  await a.page.unroute(UPSERT, broken);
  await msg.getByTestId('retry').click();
  await expect(msg).toHaveAttribute('data-status', /^(sent|delivered|read)$/);
  await expectOriginals(b.page, ['survives a broken server']);
});
