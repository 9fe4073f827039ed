import { test, type Route } from '@playwright/test';
import { closeAll, expect, person, type Person } from '../support/browsers';
import { answerLeave, expectOriginals, sendFast, startConversation } from '../support/app';
import { UPSERT } from '../support/network';
import { msg } from '../support/i18n';
import { axeViolations, screenshotsAtBothSizes } from '../support/views';

// Issue #11 item 4 (docs/features/chat.md): states and errors a person understands.

let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
});

async function pair() {
  ana = await person('ana');
  bruno = await person('bruno');
  await startConversation(ana.page, bruno.page, 'en', 'en');
  return [ana, bruno] as const;
}

test('a failed send says so within seconds, counts down to the retry, and "Retry now" sends at once', async () => {
  test.setTimeout(120_000);
  const [a, b] = await pair();
  let tries = 0;
  const broken = async (route: Route) => {
    if (route.request().method() !== 'POST') return route.continue();
    tries++;
    return route.fulfill({ status: 500, contentType: 'application/json', body: '{"code":"XX000","message":"boom"}' });
  };
  await a.page.route(UPSERT, broken);
  const sentAt = await sendFast(a.page, 'through a broken server');
  const msg = a.page.getByTestId('message').last();
  const countdown = msg.getByTestId('retry-countdown');
  // On the first failed attempt, not after the whole backoff: within 5 s of pressing Enter.
  await expect(countdown).toHaveText(/^Not sent yet — retrying( in \d+ s|…)$/, { timeout: 5_000 });
  await expect(msg.getByTestId('retry-now')).toBeVisible({ timeout: 5_000 });
  expect(Date.now() - sentAt).toBeLessThan(5_000);
  // Plain words with what to do; the technical detail only behind "Details".
  const reason = msg.getByTestId('failure-reason');
  await expect(reason).toContainText('The server could not be reached. Check your connection, then retry.');
  await expect(reason.locator('code')).toBeHidden();
  await reason.locator('summary').click();
  await expect(reason.locator('code')).toContainText('500');
  // The channel is up, but the header does not say "Connected" while sending fails.
  const header = a.page.getByTestId('connection-status');
  await expect(header).toHaveAttribute('data-sending', 'failing');
  await expect(header).toHaveText(/Connection problems/);
  await expect(header).not.toHaveText(/^\s*Connected\s*$/);
  await expect(header).toHaveAttribute('data-state', 'connected');

  // The countdown counts down, a second at a time (the third wait is 4 s ± 20%).
  await expect(countdown).toHaveText(/retrying in [34] s/, { timeout: 15_000 });
  const shown = Number((await countdown.textContent())!.match(/(\d+) s/)![1]);
  await expect(countdown).toHaveText(new RegExp(`retrying in ${shown - 1} s`), { timeout: 2_500 });
  await screenshotsAtBothSizes(a, 'states-retrying');
  expect(await axeViolations(a.page)).toEqual([]);

  // "Retry now" tries at once, not when the wait is over.
  const before = tries;
  await msg.getByTestId('retry-now').click();
  await expect.poll(() => tries, { timeout: 1_500 }).toBe(before + 1);

  // The server recovers: "Retry now" delivers it, and the header says "Connected" again.
  await a.page.unroute(UPSERT, broken);
  await expect(msg.getByTestId('retry-now')).toBeVisible();
  await msg.getByTestId('retry-now').click();
  await expect(msg).toHaveAttribute('data-status', /^(sent|delivered|read)$/, { timeout: 5_000 });
  await expect(msg.getByTestId('message-failure')).toHaveCount(0);
  await expect(header).toHaveAttribute('data-sending', 'ok');
  await expect(header).toHaveText(/^\s*Connected\s*$/);
  await expectOriginals(b.page, ['through a broken server']);
});

test('the length counter shows near the limit, and an over-long message is refused before sending', async () => {
  const [a] = await pair();
  const input = a.page.getByTestId('message-input');
  const counter = a.page.getByTestId('char-counter');
  const send = a.page.getByTestId('send-button');
  await expect(counter).toHaveAttribute('aria-live', 'polite');
  await input.fill('a'.repeat(1599));
  await expect(counter).toHaveText('');
  await input.fill('a'.repeat(1600));
  await expect(counter).toHaveText('400 characters left');
  await input.fill('a'.repeat(2001));
  await expect(counter).toHaveText('1 character too many');
  await expect(send).toBeDisabled();
  await expect(a.page.getByTestId('too-long')).toHaveText(
    'Too long to send: a message can have at most 2000 characters. Shorten it to send it.',
  );
  await screenshotsAtBothSizes(a, 'states-too-long');
  expect(await axeViolations(a.page)).toEqual([]);
  // Enter does not send it either: nothing is queued, the text stays to be shortened.
  await input.press('Enter');
  await expect(input).toHaveValue('a'.repeat(2001));
  await expect(a.page.getByTestId('message')).toHaveCount(0);
  await expect(a.page.getByTestId('queue-count')).toHaveCount(0);
  // At the limit it goes.
  await input.press('Backspace');
  await expect(counter).toHaveText('0 characters left');
  await expect(send).toBeEnabled();
  await expect(a.page.getByTestId('too-long')).toHaveText('');
  await input.press('Enter');
  await expect(input).toHaveValue('');
  await expect(a.page.getByTestId('message')).toHaveCount(1);
  await expect(a.page.getByTestId('message').first()).toHaveAttribute('data-status', /^(sent|delivered|read)$/);
});

test('leaving asks first and ends on a clear screen; the partner is told what happens to new messages', async () => {
  const [a, b] = await pair();
  await sendFast(a.page, 'See you');
  await expect(b.page.getByTestId('message')).toHaveCount(1);

  // Leaving asks first (the browser's confirmation, in the user's language); staying keeps the
  // session.
  const question = await answerLeave(b.page, false);
  expect(question).toContain(msg('en', 'chat-leave-title'));
  expect(question).toContain(msg('en', 'chat-leave-explained'));
  await expect(b.page.getByTestId('session-code')).toBeVisible();
  await expect(a.page.getByTestId('partner-status')).not.toHaveAttribute('data-state', 'left');

  // Confirmed: the end screen says what happened and offers a new session.
  await answerLeave(b.page, true);
  await expect(b.page).toHaveURL(/\/$/);
  const end = b.page.getByTestId('left-screen');
  await expect(end).toContainText('You left the session');
  await expect(end).toContainText('Ana can still read what was said.');
  await screenshotsAtBothSizes(b, 'states-left-screen');
  expect(await axeViolations(b.page)).toEqual([]);

  // The partner's composer says so and explains what happens to messages.
  await expect(a.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'left');
  const left = a.page.getByTestId('partner-left');
  await expect(left).toContainText('Bruno left the session.');
  await expect(left).toContainText('What was said stays here, but nobody will read new messages.');
  await expect(left.getByTestId('start-new-session')).toHaveAttribute('href', '/');
  await screenshotsAtBothSizes(a, 'states-partner-left');
  expect(await axeViolations(a.page)).toEqual([]);

  // "Start a new session" on the end screen: the form, ready to type.
  await end.getByTestId('start-new-session').click();
  await expect(end).toHaveCount(0);
  await expect(b.page.getByTestId('display-name')).toBeFocused();
  await expect(b.page.getByTestId('create-session')).toBeVisible();
  // Ana takes the offer too.
  await left.getByTestId('start-new-session').click();
  await expect(a.page).toHaveURL(/\/$/);
  await expect(a.page.getByTestId('create-session')).toBeVisible();
});
