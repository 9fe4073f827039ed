// Receipts as the sender sees them (docs/contracts.md §4): `delivered` once the partner's app has the
// message, `read` only once it is shown in a visible tab, and `sent` for as long as the partner
// is offline. Each own message's statuses are recorded with their times, so "stays" is checked
// over the whole time it had to hold, not sampled once.
import { test } from '@playwright/test';
import { closeAll, expect, person, screenshot, type Person } from '../support/browsers';
import { recordStatuses, sendFast, setHidden, startConversation, statusHistory, watchHeartbeats } from '../support/app';

let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
});

/** The `read_seq` of every `ack_messages` call this page makes from now on. */
function watchReadAcks(p: Person): number[] {
  const reads: number[] = [];
  p.page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/rest/v1/rpc/ack_messages')) {
      reads.push(JSON.parse(r.postData() ?? '{}').read_seq ?? 0);
    }
  });
  return reads;
}

test('receipts: hidden tab → delivered, visible → read; partner offline → stays sent', async () => {
  ana = await person('ana');
  bruno = await person('bruno');
  const brunoBeats = watchHeartbeats(bruno.page);
  await startConversation(ana.page, bruno.page, 'en', 'en');
  await expect(ana.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'online');
  await recordStatuses(ana.page);
  const own = ana.page.locator('[data-testid="message"][data-own="true"]');

  // Bruno's tab goes to the background; Ana sees him away, so his app has taken it in.
  await setHidden(bruno.page, true);
  await expect(ana.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'away');
  const acksWhileHidden = watchReadAcks(bruno);
  await sendFast(ana.page, 'while your tab is hidden');
  await expect(own.nth(0)).toHaveAttribute('data-status', 'delivered');
  // A second message makes Bruno's app acknowledge again, after it has had the first one for
  // a whole round trip: still delivered, not read, and no ack of his raised `read_seq`.
  await sendFast(ana.page, 'still hidden');
  await expect(own.nth(1)).toHaveAttribute('data-status', 'delivered');
  await expect(own.nth(0)).toHaveAttribute('data-status', 'delivered');
  await expect(bruno.page.getByTestId('message')).toHaveCount(2);
  expect(acksWhileHidden.length, 'Bruno acknowledged what he received').toBeGreaterThan(0);
  expect(acksWhileHidden.every((read) => read === 0), `read_seq acked while hidden: ${acksWhileHidden}`).toBe(true);
  await screenshot(ana, 'receipts-delivered-ana.png');

  // Back to the foreground: both are read, and only from then on.
  const shown = Date.now();
  await setHidden(bruno.page, false);
  await expect(ana.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'online');
  await expect(own.nth(0)).toHaveAttribute('data-status', 'read');
  await expect(own.nth(1)).toHaveAttribute('data-status', 'read');
  for (const i of [0, 1]) {
    const history = await statusHistory(ana.page, (await own.nth(i).getAttribute('data-id'))!);
    expect(history.map((h) => h.status).slice(-3)).toEqual(['sent', 'delivered', 'read']);
    expect(history.at(-1)!.at, 'read only once the tab is visible').toBeGreaterThanOrEqual(shown);
  }
  await screenshot(ana, 'receipts-read-ana.png');

  // Bruno's network goes; Ana's message reaches the server and stays `sent` until he is back.
  // (A socket that has not beaten yet is noticed gone only after 60 s: docs/features/presence.md;
  // supabase-js may have opened a new one when the tab became visible.)
  await expect.poll(brunoBeats).toBeGreaterThan(0);
  await bruno.context.setOffline(true);
  await expect(bruno.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'disconnected');
  await expect(ana.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'offline');
  await sendFast(ana.page, 'while you are offline');
  await expect(own.nth(2)).toHaveAttribute('data-status', 'sent');
  await screenshot(ana, 'receipts-sent-ana.png');
  const back = Date.now();
  await bruno.context.setOffline(false);
  await expect(own.nth(2)).toHaveAttribute('data-status', 'read', { timeout: 30_000 });
  const history = await statusHistory(ana.page, (await own.nth(2).getAttribute('data-id'))!);
  const sentAt = history.findIndex((h) => h.status === 'sent');
  expect(sentAt, `statuses: ${JSON.stringify(history)}`).toBeGreaterThanOrEqual(0);
  const after = history.slice(sentAt + 1);
  expect(after.length).toBeGreaterThan(0);
  expect(after.every((h) => h.status !== 'sent' && h.at >= back), `sent until Bruno was back: ${JSON.stringify(history)}`).toBe(true);
  await expect(bruno.page.getByTestId('message')).toHaveCount(3);
});
