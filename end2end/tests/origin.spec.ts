import { test } from '@playwright/test';
import { closeAll, expect, person, screenshot, type Person } from '../support/browsers';
import { send, startConversation } from '../support/app';

// Where a text came from (docs/features/translation.md, "Detection" and "In the app"), with the
// suite's real Apertium: the server translates from the language a message is written in, not
// the sender's setting, says when a text already is in the reader's language, and names a
// language no engine translates instead of offering a retry that cannot help.

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
});

test('a Spanish-setting sender writing English, Spanish and Arabic to an English reader', async () => {
  ana = await person('ana');
  bruno = await person('bruno');
  await startConversation(ana.page, bruno.page, 'es', 'en');

  // English from a Spanish-setting sender: already Bruno's language, shown untranslated.
  const english = 'I think we should meet tomorrow at the station';
  await send(ana.page, english);
  const written = bruno.page.getByTestId('message').last();
  await expect(written).toHaveAttribute('data-own', 'false');
  await expect(written.getByTestId('translation-state')).toHaveText('Written in English');
  await expect(written).toHaveAttribute('data-translation', 'none');
  await expect(written.getByTestId('message-text')).toHaveText(english);
  await expect(written.getByTestId('message-text')).toHaveAttribute('lang', 'en');
  await expect(written.getByTestId('show-original')).toHaveCount(0);

  // Spanish, her setting: translated from Spanish by Apertium, directly.
  await send(ana.page, 'El gato es negro y el perro es blanco.');
  const translated = bruno.page.getByTestId('message').last();
  await expect(translated).toHaveAttribute('data-translation', 'done');
  await expect(translated.getByTestId('message-text')).toHaveText('The cat is black and the dog is white.');
  await expect(translated.getByTestId('translation-route')).toHaveText('Apertium');
  const own = ana.page.getByTestId('message').last();
  await expect(own.getByTestId('message-translation')).toHaveText('Bruno lee: The cat is black and the dog is white.');
  await expect(own.getByTestId('translation-route')).toHaveText('Apertium');

  // Arabic: no engine translates it into English. Said so, with no retry on either side.
  await send(ana.page, 'مرحبا، كيف حالك اليوم؟');
  const arabic = bruno.page.getByTestId('message').last();
  await expect(arabic).toHaveAttribute('data-translation', 'failed');
  const state = arabic.getByTestId('translation-state');
  await expect(state).toHaveText('No translation from Arabic to English');
  await expect(state).toHaveAttribute('data-kind', 'no-route');
  await expect(arabic.getByTestId('message-text')).toHaveAttribute('lang', 'ar');
  await expect(arabic.getByTestId('retranslate')).toHaveCount(0);
  const ownArabic = ana.page.getByTestId('message').last();
  await expect(ownArabic.getByTestId('translation-state')).toHaveText('No hay traducción del árabe al inglés');
  await expect(ownArabic.getByTestId('retranslate')).toHaveCount(0);

  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await bruno.page.setViewportSize(viewport);
    await ana.page.setViewportSize(viewport);
    await expect(arabic.getByTestId('translation-state')).toBeVisible();
    await screenshot(bruno, `origin-reader-${size}.png`);
    await screenshot(ana, `origin-sender-${size}.png`);
  }
});

test('an English-setting sender writing Spanish to a Spanish reader', async () => {
  ana = await person('ana');
  bruno = await person('bruno');
  await startConversation(ana.page, bruno.page, 'en', 'es');
  const spanish = 'Creo que deberíamos vernos mañana en la estación';
  await send(ana.page, spanish);
  const onBruno = bruno.page.getByTestId('message').last();
  await expect(onBruno.getByTestId('translation-state')).toHaveText('Escrito en español');
  await expect(onBruno).toHaveAttribute('data-translation', 'none');
  await expect(onBruno.getByTestId('message-text')).toHaveText(spanish);
  await expect(onBruno.getByTestId('retranslate')).toHaveCount(0);
  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await bruno.page.setViewportSize(viewport);
    await screenshot(bruno, `origin-written-in-spanish-${size}.png`);
  }
});
