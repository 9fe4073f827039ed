import { test } from '@playwright/test';
import { baseURL, closeAll, expect, person, type Person } from '../support/browsers';
import { send, startConversation } from '../support/app';
import { callFunction } from '../support/functions';
import { msg as ui } from '../support/i18n';
import { screenshotsAtBothSizes } from '../support/views';

// French ↔ English has no Apertium package: the server goes through Spanish (docs/features/
// translation.md, "Routes"), both ways, and what must not change — a web address, code, an emoji,
// a time — reaches the reader byte for byte ("Protected spans").

let claire: Person | undefined;
let ana: Person | undefined;
test.afterEach(async () => {
  await closeAll(claire, ana);
  claire = ana = undefined;
});

test('French ↔ English through a Spanish pivot, with spans that pass through unchanged', async () => {
  const langs = (await callFunction(baseURL(), 'languages')).json;
  expect(langs.routes).toContainEqual({ source: 'fr', target: 'en', via: ['es'] });
  expect(langs.routes).toContainEqual({ source: 'en', target: 'fr', via: ['es'] });

  claire = await person('claire', { locale: 'fr-FR' });
  ana = await person('ana');
  await startConversation(claire.page, ana.page, 'fr', 'en');

  // French to English: the text the translate function gives, the route named on both sides.
  const french = 'Le chat est noir et le chien est blanc.';
  const expected = await callFunction(baseURL(), 'translate', { text: french, source: 'fr', target: 'en' });
  expect(expected.json.route).toBe('apertium fr>es>en');
  await send(claire.page, french);
  const received = ana.page.getByTestId('message').last();
  await expect(received).toHaveAttribute('data-translation', 'done');
  await expect(received.getByTestId('message-text')).toHaveText(expected.json.translated);
  await expect(received.getByTestId('message-text')).toHaveAttribute('lang', 'en');
  await expect(received.getByTestId('message-original')).toHaveText(french);
  await expect(received.getByTestId('translation-route')).toHaveText(
    ui('en', 'origin-via', { name: 'Apertium', language: ui('en', 'lang-es') }),
  );
  const sent = claire.page.getByTestId('message').last();
  await expect(sent.getByTestId('translation-route')).toHaveText(
    ui('fr', 'origin-via', { name: 'Apertium', language: ui('fr', 'lang-es') }),
  );

  // English to French with a link, code, an emoji and a time: each comes back exactly.
  const spans = ['https://example.org/menu?day=fri#soup', '`git push --force`', '👍🏽', '18:45'];
  const english = `See ${spans[0]} and never run ${spans[1]} ${spans[2]} before ${spans[3]}!`;
  await send(ana.page, english);
  const reply = claire.page.getByTestId('message').last();
  await expect(reply).toHaveAttribute('data-translation', 'done');
  const text = reply.getByTestId('message-text');
  await expect(text).toHaveAttribute('lang', 'fr');
  const shown = (await text.textContent()) ?? '';
  for (const span of spans) expect(shown, `${span} in ${shown}`).toContain(span);
  expect(shown).not.toMatch(/ZXQ|\*/);
  // The link stays a link, to the same address.
  await expect(text.getByRole('link')).toHaveAttribute('href', spans[0]);

  await screenshotsAtBothSizes(claire, 'routes-pivot-fr-en');
  await screenshotsAtBothSizes(ana, 'routes-pivot-en-reader');
});
