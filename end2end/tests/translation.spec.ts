import { test, type Page } from '@playwright/test';
import { baseURL, closeAll, expect, person, screenshot, type Person } from '../support/browsers';
import { createSession, expectConnected, joinByLink, send, startConversation } from '../support/app';
import { fakeLibreTranslate, personAt, startExtraServer, type ExtraServer, type FakeLibreTranslate } from '../support/extra-server';
import { callFunction } from '../support/functions';
import { msg as ui } from '../support/i18n';

// Translation as the reader sees it (docs/contracts.md §3, §5): real Apertium on the suite's server,
// a LibreTranslate stand-in that fails and then recovers, and a server without an engine.

let ana: Person | undefined;
let bruno: Person | undefined;
let extra: ExtraServer | undefined;
let fake: FakeLibreTranslate | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
  await extra?.stop();
  extra = undefined;
  await fake?.close();
  fake = undefined;
});

/** Records every `data-translation` value each message takes, from now on. */
async function recordTranslationStates(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __tr: Record<string, string[]> };
    w.__tr = {};
    const note = (el: Element) => {
      const id = el.getAttribute('data-id');
      const v = el.getAttribute('data-translation');
      if (!id || !v) return;
      const seen = (w.__tr[id] ??= []);
      if (seen[seen.length - 1] !== v) seen.push(v);
    };
    document.querySelectorAll('[data-testid="message"]').forEach(note);
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes') note(r.target as Element);
        r.addedNodes.forEach((n) => {
          if (n instanceof Element) {
            if (n.matches('[data-testid="message"]')) note(n);
            n.querySelectorAll('[data-testid="message"]').forEach(note);
          }
        });
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-translation'] });
  });
}

async function translationStates(page: Page, id: string): Promise<string[]> {
  return page.evaluate((id) => (window as unknown as { __tr: Record<string, string[]> }).__tr[id] ?? [], id);
}

test('real Apertium: English ↔ Spanish, pending → done, original on demand, sender sees what the partner reads', async () => {
  const langs = await callFunction(baseURL(), 'languages');
  // The real engine is part of what this test checks: missing, it fails (never skips).
  expect(
    langs.json.provider === 'apertium' && JSON.stringify(langs.json.pairs).includes('["en","es"]'),
    `needs Apertium with apertium-eng-spa (server offers ${JSON.stringify(langs.json)})`,
  ).toBe(true);
  const english = 'Hello, my friend. The house is big.';
  const spanish = 'Tengo un perro negro.';
  const toSpanish = (await callFunction(baseURL(), 'translate', { text: english, source: 'en', target: 'es' })).json.translated;
  const toEnglish = (await callFunction(baseURL(), 'translate', { text: spanish, source: 'es', target: 'en' })).json.translated;
  expect(toSpanish).toMatch(/Hola/);
  expect(toEnglish).toMatch(/dog/);

  ana = await person('ana');
  bruno = await person('bruno');
  const code = await createSession(ana.page, 'Ana', 'en');
  // The language list reached the home page: Spanish is offered for English.
  await joinByLink(bruno.page, code, 'Bruno', 'es');
  await expectConnected(ana.page);
  await expectConnected(bruno.page);
  await expect(ana.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'online');
  // A supported pair: no note.
  await expect(bruno.page.getByTestId('translation-notice')).toHaveCount(0);

  // Ana writes English; Bruno reads Spanish.
  await recordTranslationStates(bruno.page);
  await send(ana.page, english);
  const onBruno = bruno.page.getByTestId('message').last();
  await expect(onBruno).toHaveAttribute('data-own', 'false');
  await expect(onBruno).toHaveAttribute('data-translation', 'done');
  await expect(onBruno.getByTestId('message-text')).toHaveText(toSpanish);
  await expect(onBruno.getByTestId('message-text')).not.toHaveText(english);
  const id = (await onBruno.getAttribute('data-id'))!;
  expect(await translationStates(bruno.page, id)).toEqual(['pending', 'done']);
  // The original is in the DOM, collapsed; the toggle reveals it (keyboard: focus + Enter).
  const original = onBruno.getByTestId('message-original');
  await expect(original).toHaveText(english);
  await expect(original).toBeHidden();
  await onBruno.getByTestId('show-original').focus();
  await bruno.page.keyboard.press('Enter');
  await expect(original).toBeVisible();

  // Ana reads her own words and what Bruno reads beneath.
  const onAna = ana.page.getByTestId('message').last();
  await expect(onAna).toHaveAttribute('data-translation', 'done');
  await expect(onAna.getByTestId('message-text')).toHaveText(english);
  await expect(onAna.getByTestId('message-translation')).toHaveText(`Bruno reads: ${toSpanish}`);

  // And back: Bruno writes Spanish, Ana reads English.
  await recordTranslationStates(ana.page);
  await send(bruno.page, spanish);
  const back = ana.page.getByTestId('message').last();
  await expect(back).toHaveAttribute('data-own', 'false');
  await expect(back).toHaveAttribute('data-translation', 'done');
  await expect(back.getByTestId('message-text')).toHaveText(toEnglish);
  await expect(back.getByTestId('message-original')).toHaveText(spanish);
  const backId = (await back.getAttribute('data-id'))!;
  expect(await translationStates(ana.page, backId)).toEqual(['pending', 'done']);
  await back.getByTestId('show-original').click();
  await expect(back.getByTestId('message-original')).toBeVisible();
  await expect(bruno.page.getByTestId('message').last().getByTestId('message-translation')).toHaveText(`${ui('es', 'translation-partner-reads', { name: 'Ana' })} ${toEnglish}`);

  await screenshot(ana, 'translation-ana.png');
  await screenshot(bruno, 'translation-bruno.png');
});

test('a pair the engine cannot translate is announced after joining', async () => {
  const langs = await callFunction(baseURL(), 'languages');
  expect(
    !!langs.json.provider && !langs.json.pairs.some((p: string[]) => p.join() === 'en,de'),
    `needs an engine without en→de (server offers ${JSON.stringify(langs.json)})`,
  ).toBe(true);
  ana = await person('ana');
  bruno = await person('bruno');
  const code = await createSession(ana.page, 'Ana', 'en');
  await expect(ana.page.getByTestId('translation-notice')).toHaveCount(0);
  await bruno.page.goto(`/s/${code}`);
  await bruno.page.getByTestId('language-select').selectOption('de');
  // The join form already says German is not translated here.
  await expect(bruno.page.getByTestId('language-hint')).toHaveText(
    ui('de', 'language-hint-unsupported', { language: ui('de', 'lang-de') }),
  );
  await joinByLink(bruno.page, code, 'Bruno', 'de');
  // Bruno reads the app in German.
  await expect(bruno.page.getByTestId('translation-notice')).toHaveText(
    ui('de', 'translation-none-between', { a: ui('de', 'lang-de'), b: ui('de', 'lang-en') }),
  );
  await expect(ana.page.getByTestId('translation-notice')).toHaveText(
    "Messages can't be translated between English and German; you'll see originals",
  );
  await screenshot(bruno, 'translation-unsupported-pair.png');
});

test('provider down: failed with the original readable, retranslate fails again, then succeeds', async () => {
  fake = await fakeLibreTranslate();
  extra = await startExtraServer('libretranslate', ['--translator', 'libretranslate', '--translator-url', fake.url, '--translation-cache-bytes', '0']);
  ana = await personAt('ana', extra.url);
  bruno = await personAt('bruno', extra.url);
  const code = await startConversation(ana.page, bruno.page, 'en', 'es');
  await expect(ana.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'online');

  const text = 'The weather is nice today.';
  await send(ana.page, text);
  const msg = bruno.page.getByTestId('message').last();
  await expect(msg).toHaveAttribute('data-translation', 'failed');
  // The original stays readable as the text; the reason is the state's tooltip.
  await expect(msg.getByTestId('message-text')).toHaveText(text);
  await expect(msg.getByTestId('message-original')).toHaveText(text);
  const state = msg.getByTestId('translation-state');
  await expect(state).toHaveText(ui('es', 'translation-failed'));
  await expect(state).toHaveAttribute('title', /libretranslate/);
  // Own delivery retry and retranslate never share a test id.
  await expect(msg.getByTestId('retry')).toHaveCount(0);
  const own = ana.page.getByTestId('message').last();
  await expect(own).toHaveAttribute('data-translation', 'failed');
  await expect(own.getByTestId('translation-state')).toHaveText('Translation for Bruno unavailable');
  await screenshot(bruno, 'translation-failed-bruno.png');

  // Still down: retranslate calls the RPC, the engine is asked again, and it ends failed again.
  const before = fake.requests;
  const rpc = bruno.page.waitForRequest((r) => r.url().includes('/rest/v1/rpc/retranslate') && r.method() === 'POST');
  await msg.getByTestId('retranslate').click();
  const req = await rpc;
  expect(JSON.parse(req.postData() ?? '{}')).toEqual({ message_id: await msg.getAttribute('data-id') });
  await expect.poll(() => fake!.requests).toBeGreaterThan(before);
  await expect(msg).toHaveAttribute('data-translation', 'failed');
  await expect(msg.getByTestId('retranslate')).toBeVisible();

  // Back up: retranslate → done, on both sides.
  fake.failing = false;
  await msg.getByTestId('retranslate').click();
  await expect(msg).toHaveAttribute('data-translation', 'done');
  await expect(msg.getByTestId('message-text')).toHaveText(`[es] ${text}`);
  await expect(msg.getByTestId('message-original')).toHaveText(text);
  await expect(own).toHaveAttribute('data-translation', 'done');
  await expect(own.getByTestId('message-translation')).toHaveText(`Bruno reads: [es] ${text}`);
  await screenshot(bruno, 'translation-retranslated-bruno.png');
});

test('no engine configured: the session page says so and messages stay readable', async () => {
  extra = await startExtraServer('no-engine', ['--translator', 'none']);
  ana = await personAt('ana', extra.url);
  bruno = await personAt('bruno', extra.url);
  await ana.page.goto('/');
  await expect(ana.page.getByTestId('language-hint')).toContainText('No translation engine is configured');
  const code = await createSession(ana.page, 'Ana', 'en');
  const banner = ana.page.getByTestId('translation-notice');
  await expect(banner).toHaveText('No translation engine is configured on this server; messages are shown untranslated');
  await joinByLink(bruno.page, code, 'Bruno', 'es');
  await expect(bruno.page.getByTestId('translation-notice')).toHaveAttribute('data-kind', 'no-engine');
  await expectConnected(ana.page);
  await send(ana.page, 'Hello there');
  const msg = bruno.page.getByTestId('message').last();
  await expect(msg.getByTestId('message-text')).toHaveText('Hello there');
  await expect(msg).toHaveAttribute('data-translation', 'failed');
  await expect(msg.getByTestId('translation-state')).toHaveAttribute('title', 'no translation engine configured');
  await screenshot(bruno, 'translation-no-engine-bruno.png');
});
