import { test, type Page } from '@playwright/test';
import { closeAll, expect, person, type Person } from '../support/browsers';
import { send, startConversation } from '../support/app';
import { msg as ui } from '../support/i18n';
import { axeViolations, screenshotsAtBothSizes } from '../support/views';

// The session's glossary (docs/features/glossary.md): a participant pins a term, the partner sees
// it appear live, and a removal reaches the other side the same way.

let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
});

/** Opens the glossary disclosure (by keyboard: focus its summary, Enter). */
async function openGlossary(page: Page) {
  const panel = page.getByTestId('glossary');
  await panel.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(panel).toHaveAttribute('open', '');
}

function row(page: Page, term: string) {
  return page.locator(`[data-testid="glossary-term"][data-term="${term}"]`);
}

test('a pinned term reaches the partner live, and its removal reaches the pinner', async () => {
  ana = await person('ana');
  bruno = await person('bruno');
  await startConversation(ana.page, bruno.page, 'en', 'es');
  await openGlossary(ana.page);
  await openGlossary(bruno.page);
  await expect(bruno.page.getByTestId('glossary')).toContainText(ui('es', 'glossary-empty'));

  // Ana pins "Apple", kept as written (the default), by keyboard.
  await ana.page.getByTestId('glossary-term-input').focus();
  await ana.page.keyboard.type('Apple');
  await expect(ana.page.getByTestId('glossary-keep')).toBeChecked();
  await ana.page.keyboard.press('Enter');
  await expect(row(ana.page, 'Apple')).toContainText(ui('en', 'glossary-kept'));
  await expect(row(ana.page, 'Apple')).toContainText(ui('en', 'glossary-by-me'));
  await expect(ana.page.getByTestId('glossary-term-input')).toHaveValue('');

  // Bruno sees it appear without reloading, in his language, with who pinned it.
  await expect(row(bruno.page, 'Apple')).toHaveAttribute('data-kept', 'true');
  await expect(row(bruno.page, 'Apple')).toContainText(ui('es', 'glossary-kept'));
  await expect(row(bruno.page, 'Apple')).toContainText(ui('es', 'glossary-by-partner', { name: 'Ana' }));

  // Bruno pins a fixed translation; a blank one is explained first.
  await bruno.page.getByTestId('glossary-term-input').fill('phone');
  await bruno.page.getByTestId('glossary-keep').uncheck();
  await bruno.page.getByTestId('glossary-add').click();
  await expect(bruno.page.getByTestId('glossary-error')).toHaveAttribute('data-code', 'bad_translation');
  await expect(bruno.page.getByTestId('glossary-error')).toHaveText(ui('es', 'glossary-error-translation'));
  await bruno.page.getByTestId('glossary-translation-input').fill('móvil');
  await bruno.page.getByTestId('glossary-add').click();
  await expect(bruno.page.getByTestId('glossary-error')).toHaveCount(0);
  await expect(row(ana.page, 'phone')).toContainText('móvil');
  await expect(row(ana.page, 'phone')).toHaveAttribute('data-kept', 'false');
  await expect(ana.page.getByTestId('glossary-term')).toHaveCount(2);

  expect(await axeViolations(bruno.page)).toEqual([]);
  await screenshotsAtBothSizes(bruno, 'glossary-partner');
  await screenshotsAtBothSizes(ana, 'glossary-pinner');

  // The pipeline applies both: Apertium alone reads "Mi teléfono de Manzana está roto."
  const text = 'My Apple phone is broken.';
  await send(ana.page, text);
  const pinned = bruno.page.getByTestId('message').last();
  await expect(pinned).toHaveAttribute('data-translation', 'done');
  await expect(pinned.getByTestId('message-text')).toContainText('Apple');
  await expect(pinned.getByTestId('message-text')).toContainText('móvil');
  await expect(pinned.getByTestId('message-text')).not.toContainText(/manzana|teléfono/i);

  // Bruno removes Ana's term; it disappears on Ana's side without a reload.
  await row(bruno.page, 'Apple').getByTestId('glossary-remove').click();
  await expect(row(bruno.page, 'Apple')).toHaveCount(0);
  await expect(row(ana.page, 'Apple')).toHaveCount(0);
  await expect(ana.page.getByTestId('glossary-term')).toHaveCount(1);

  // Unpinned, the name is the engine's again; the fixed translation still holds.
  await send(ana.page, 'My phone and my Apple are here.');
  const unpinned = bruno.page.getByTestId('message').last();
  await expect(unpinned).toHaveAttribute('data-translation', 'done');
  await expect(unpinned.getByTestId('message-text')).toContainText('Manzana');
  await expect(unpinned.getByTestId('message-text')).toContainText('móvil');
});
