import { test } from '@playwright/test';
import { closeAll, expect, person, type Person } from '../support/browsers';
import { sendFast, setHidden, startConversation } from '../support/app';
import { DESKTOP, PHONE, distanceFromBottom, newestBubbleInView, screenshotsAtBothSizes } from '../support/views';

// Issue #11 item 1 (docs/features/chat.md): the chat follows the conversation.

let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
});

test('the chat follows the conversation: at the newest after 40 messages, a count while scrolled up, reload', async () => {
  test.setTimeout(180_000);
  ana = await person('ana');
  bruno = await person('bruno');
  const code = await startConversation(ana.page, bruno.page, 'en', 'en');
  for (let i = 1; i <= 40; i++) {
    await sendFast((i % 2 ? ana : bruno).page, `Message ${i} of the long conversation`);
  }
  for (const p of [ana, bruno]) {
    await expect(p.page.getByTestId('message')).toHaveCount(40);
    // At the newest message, own and partner's alike.
    await expect.poll(() => distanceFromBottom(p.page)).toBeLessThanOrEqual(2);
    expect((await newestBubbleInView(p.page)).ok).toBe(true);
  }
  await expect(ana.page).toHaveTitle(/^Bruno · /);
  await screenshotsAtBothSizes(ana, 'chat-40-messages');

  // Ana scrolls up to read; Bruno writes: no jump, a "new messages" button with the count.
  const list = ana.page.locator('.messages');
  await list.evaluate((el) => (el.scrollTop = 200));
  await expect.poll(() => distanceFromBottom(ana!.page)).toBeGreaterThan(100);
  const readingAt = await list.evaluate((el) => el.scrollTop);
  await sendFast(bruno.page, 'Are you still there?');
  await sendFast(bruno.page, 'Ana?');
  const button = ana.page.getByTestId('new-messages');
  await expect(button).toHaveAttribute('data-count', '2');
  await expect(button).toHaveText(/2 new messages/);
  expect(await list.evaluate((el) => el.scrollTop)).toBe(readingAt);
  // The title names the partner and counts what Ana has not seen.
  await expect(ana.page).toHaveTitle(/^\(2\) Bruno · Session Translator$/);
  await screenshotsAtBothSizes(ana, 'chat-new-messages');

  await button.click();
  await expect(button).toHaveCount(0);
  await expect.poll(() => distanceFromBottom(ana!.page)).toBeLessThanOrEqual(2);
  await expect(ana.page.getByTestId('message').last()).toContainText('Ana?');
  await expect(ana.page).toHaveTitle(/^Bruno · Session Translator$/);

  // Scrolling back down by hand clears the count too.
  await list.evaluate((el) => (el.scrollTop = 0));
  await sendFast(bruno.page, 'One more');
  await expect(button).toHaveAttribute('data-count', '1');
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(button).toHaveCount(0);
  await expect(ana.page).toHaveTitle(/^Bruno · /);

  // A hidden tab follows but counts what arrives as unread until it is seen.
  await setHidden(ana.page, true);
  await sendFast(bruno.page, 'Behind your back');
  await expect(ana.page).toHaveTitle(/^\(1\) Bruno · Session Translator$/);
  await expect(button).toHaveCount(0);
  await setHidden(ana.page, false);
  await expect(ana.page).toHaveTitle(/^Bruno · Session Translator$/);

  // A reload, and a first open in a new tab, land at the newest message.
  await ana.page.reload();
  await expect(ana.page.getByTestId('message')).toHaveCount(44);
  await expect.poll(() => distanceFromBottom(ana!.page)).toBeLessThanOrEqual(2);
  const tab = await ana.context.newPage();
  await tab.goto(`/s/${code}`);
  await expect(tab.getByTestId('message')).toHaveCount(44);
  await expect.poll(() => distanceFromBottom(tab)).toBeLessThanOrEqual(2);
  await tab.close();
});

test('the composer never covers the newest bubble, at phone and desktop sizes', async () => {
  test.setTimeout(120_000);
  ana = await person('ana');
  bruno = await person('bruno');
  await startConversation(ana.page, bruno.page, 'en', 'en');
  for (let i = 1; i <= 12; i++) await sendFast(bruno.page, `Line ${i}\nwith a second line`);
  await expect(ana.page.getByTestId('message')).toHaveCount(12);
  for (const [label, size] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    await ana.page.setViewportSize(size);
    // A partner's message and an own one, each must end above the composer, inside the list.
    await sendFast(bruno.page, `From Bruno at ${label} size`);
    await expect(ana.page.getByTestId('message').last()).toContainText(`From Bruno at ${label} size`);
    await expect.poll(async () => (await newestBubbleInView(ana!.page)).ok, { message: label }).toBe(true);
    await sendFast(ana.page, `From Ana at ${label} size`);
    await expect(ana.page.getByTestId('message').last()).toContainText(`From Ana at ${label} size`);
    await expect.poll(async () => (await newestBubbleInView(ana!.page)).ok, { message: label }).toBe(true);
    // The page itself does not scroll: the composer stays at the bottom of the screen.
    const composer = (await ana.page.locator('.composer-area').boundingBox())!;
    expect(Math.abs(composer.y + composer.height - size.height)).toBeLessThanOrEqual(1);
  }
  await screenshotsAtBothSizes(ana, 'chat-composer-clear');
});
