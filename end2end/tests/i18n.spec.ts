import { test, type Page } from '@playwright/test';
import { closeAll, expect, person, screenshot, type Person } from '../support/browsers';
import { catalogue, msg } from '../support/i18n';
import { expectConnected, joinByLink, send } from '../support/app';
import { offlineShellReady } from '../support/network';

// The interface speaks the user's language (docs/features/i18n.md): a browser that prefers
// Spanish gets a Spanish home page without choosing anything, and nowhere in the views a
// Spanish speaker goes through is there English interface text.

/** Literal runs of an English message (between its placeables) that its Spanish version lacks:
 * finding one of them on a Spanish user's page means an untranslated string. */
function englishOnlyFragments(): { key: string; fragment: string }[] {
  const en = catalogue('en');
  const es = catalogue('es');
  const out: { key: string; fragment: string }[] = [];
  for (const [key, english] of en) {
    if (key.startsWith('lang-')) continue; // "English" names the partner's language on purpose
    const spanish = es.get(key) ?? '';
    for (const fragment of english.split(/\{[^}]*\}/).map((f) => f.trim())) {
      if (fragment.length >= 5 && /[a-z]{3}/i.test(fragment) && !spanish.includes(fragment)) {
        out.push({ key, fragment });
      }
    }
  }
  return out;
}

/** Everything a person reads or hears on the page: visible text, and the text of labels,
 * placeholders, titles and accessible names. */
async function readable(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.title, document.body.innerText];
    for (const el of Array.from(document.querySelectorAll('[placeholder],[title],[aria-label],optgroup[label]'))) {
      for (const a of ['placeholder', 'title', 'aria-label', 'label']) {
        const v = el.getAttribute(a);
        if (v) parts.push(v);
      }
    }
    return parts.join('\n');
  });
}

async function expectNoEnglish(p: Person, view: string) {
  const text = await readable(p.page);
  const found = englishOnlyFragments().filter(({ fragment }) => text.includes(fragment));
  expect(found, `English interface text on the ${view} view`).toEqual([]);
}

let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => closeAll(ana, bruno));

test('a Spanish-speaking browser gets the whole app in Spanish, and no English interface text', async () => {
  ana = await person('ana', { locale: 'en-US' });
  bruno = await person('bruno', { locale: 'es-ES' });

  // Only the Spanish messages are downloaded (English is built in), before the first render:
  // the first text the create button ever shows is already Spanish.
  const catalogues: string[] = [];
  bruno.page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/locales/')) catalogues.push(path);
  });
  await bruno.page.addInitScript(() => {
    const w = window as unknown as { __firstCreateText?: string };
    new MutationObserver(() => {
      const button = document.querySelector('[data-testid="create-session"]');
      if (button && w.__firstCreateText === undefined) w.__firstCreateText = button.textContent ?? '';
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });

  // Home: Spanish pre-selected from navigator.languages; the document says so.
  await bruno.page.goto('/');
  await expect(bruno.page.getByTestId('language-select')).toHaveValue('es');
  await expect(bruno.page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(bruno.page.getByTestId('create-session')).toHaveText(msg('es', 'home-create'));
  await expect(bruno.page).toHaveTitle(new RegExp(msg('es', 'app-title')));
  await expectNoEnglish(bruno, 'home');
  expect(await bruno.page.evaluate(() => (window as unknown as { __firstCreateText?: string }).__firstCreateText))
    .toBe(msg('es', 'home-create'));
  // (Asked twice on a first visit: the second time through the new service worker, to keep.)
  expect([...new Set(catalogues)]).toEqual(['/locales/es.ftl']);
  await screenshot(bruno, 'i18n-home-es.png');

  // Bruno creates the session (waiting view), Ana joins in English.
  await bruno.page.getByTestId('display-name').fill('Bruno');
  await bruno.page.getByTestId('create-session').click();
  await expect(bruno.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'waiting');
  const code = (await bruno.page.getByTestId('session-code').textContent())!.trim();
  await expectNoEnglish(bruno, 'waiting');

  // The join form follows the browser too, and switches when another language is picked.
  await ana.page.goto(`/s/${code}`);
  await expect(ana.page.locator('html')).toHaveAttribute('lang', 'en');
  await ana.page.getByTestId('language-select').selectOption('es');
  await expect(ana.page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(ana.page.getByTestId('join-session')).toHaveText(msg('es', 'join-submit'));
  await joinByLink(ana.page, code, 'Ana', 'en');
  await expect(ana.page.locator('html')).toHaveAttribute('lang', 'en');
  await expectConnected(ana.page);
  await expectConnected(bruno.page);

  // Chat: messages both ways, the partner typing, a translated message's original shown.
  await send(ana.page, 'Good morning, how are you?');
  await send(bruno.page, 'Muy bien, gracias.');
  await expect(bruno.page.locator('[data-testid="message"][data-own="false"]')).toHaveAttribute('data-translation', 'done');
  await expect(bruno.page.locator('[data-testid="message"][data-own="true"]')).toHaveAttribute('data-status', /delivered|read/);
  await ana.page.getByTestId('message-input').pressSequentially('Hasta');
  await expect(bruno.page.getByTestId('typing-indicator')).toBeVisible();
  await expectNoEnglish(bruno, 'chat');
  await expect(bruno.page.locator('html')).toHaveAttribute('lang', 'es');
  await screenshot(bruno, 'i18n-chat-es.png');
});

test('after a first visit in Spanish, an offline start is in Spanish too', async () => {
  bruno = await person('bruno', { locale: 'es-ES' });
  await bruno.page.goto('/');
  await expect(bruno.page.getByTestId('create-session')).toHaveText(msg('es', 'home-create'));
  // The worker did not exist when the page fetched its messages; it gets them once it
  // controls the page.
  await offlineShellReady(bruno.context, bruno.page);
  await expect
    .poll(() =>
      bruno!.page.evaluate(async () => {
        const keys = (await Promise.all((await caches.keys()).map(async (n) => (await caches.open(n)).keys()))).flat();
        return keys.map((r) => new URL(r.url).pathname).filter((p) => p.startsWith('/locales/'));
      }),
    )
    .toEqual(['/locales/es.ftl']);
  await bruno.context.setOffline(true);
  await bruno.page.reload();
  await expect(bruno.page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(bruno.page.getByTestId('create-session')).toHaveText(msg('es', 'home-create'));
});
