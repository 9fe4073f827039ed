import { test } from '@playwright/test';
import { baseURL, closeAll, expect, person, type Person } from '../support/browsers';
import { startConversation } from '../support/app';
import { callFunction } from '../support/functions';
import { msg as ui } from '../support/i18n';
import { screenshotsAtBothSizes } from '../support/views';

// The composer's translation preview (docs/features/chat.md, "Preview"), with the suite's real
// Apertium: what the partner will read and how it reads back, debounced, replaced as the draft
// changes, cleared on send, never sent, and never in the way of sending.

let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
});

/** What the translate function answers, as the pipeline would give it. */
async function translated(text: string, source: string, target: string): Promise<string> {
  return (await callFunction(baseURL(), 'translate', { text, source, target })).json.translated;
}

test('the sender previews what the partner will read, and sending is never held up', async () => {
  ana = await person('ana');
  bruno = await person('bruno');
  await startConversation(ana.page, bruno.page, 'en', 'es');
  const page = ana.page;
  const toggle = page.getByTestId('preview-toggle');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(toggle).toHaveText(ui('en', 'preview-toggle'));
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');

  let calls = 0;
  page.on('request', (r) => {
    if (r.url().includes('/functions/v1/translate') && r.method() === 'POST') calls += 1;
  });
  const first = 'The cat is black.';
  const forward = await translated(first, 'en', 'es');
  const back = await translated(forward, 'es', 'en');
  // Typed key by key, as a person does: one preview (there and back) once the typing pauses.
  await page.getByTestId('message-input').pressSequentially(first, { delay: 40 });
  const preview = page.getByTestId('translation-preview');
  await expect(preview.getByTestId('preview-translation')).toHaveText(forward);
  await expect(preview.getByTestId('preview-translation')).toHaveAttribute('lang', 'es');
  await expect(preview.getByTestId('preview-back')).toHaveText(back);
  await expect(preview).toContainText(ui('en', 'preview-partner-reads', { name: 'Bruno' }));
  expect(calls, 'typing 17 characters asks for one preview, not one per key').toBe(2);
  await screenshotsAtBothSizes(ana, 'preview-sender');

  // A changed draft replaces the preview.
  const second = 'The dog is white.';
  await page.getByTestId('message-input').fill(second);
  await expect(preview.getByTestId('preview-translation')).toHaveText(await translated(second, 'en', 'es'));

  // Sending is immediate, even with a preview on its way, and clears it.
  await page.getByTestId('message-input').fill('Good morning');
  await page.getByTestId('message-input').press('Enter');
  await expect(page.getByTestId('message-input')).toHaveValue('');
  await expect(page.getByTestId('message').last()).toHaveAttribute('data-status', /sending|sent|delivered|read/);
  await expect(preview).toBeHidden();

  // Bruno got exactly the one message, and none of the preview texts.
  const received = bruno.page.getByTestId('message');
  await expect(received).toHaveCount(1);
  await expect(received.last().getByTestId('message-original')).toHaveText('Good morning');
  await expect(bruno.page.getByText(forward)).toHaveCount(0);

  // The choice is remembered by this browser.
  await page.reload();
  await expect(page.getByTestId('preview-toggle')).toHaveAttribute('aria-pressed', 'true');
  await screenshotsAtBothSizes(bruno, 'preview-partner');
});
