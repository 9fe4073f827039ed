import AxeBuilder from '@axe-core/playwright';
import { chromium, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { baseURL, closeAll, expect, launchOptions, person, screenshot, type Person } from '../support/browsers';
import { createSession, expectConnected, send } from '../support/app';

// Accessibility, bubbles that read right, installability (docs/features/accessibility.md,
// docs/features/installability.md, docs/contracts.md §5): axe-core's WCAG 2.1 A/AA rules on
// every view at phone and desktop sizes in light and dark mode, 44 px tap targets, no invisible
// focus stops, right-to-left bubbles with their language, links, the manifest and the
// not-found page.

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
type Size = keyof typeof SIZES;

let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
});

/** axe with the WCAG 2.1 A and AA rules on `page` at both sizes in light and dark mode; prints
 * the count per view (the figures quoted in the closing note) and returns every
 * violation as "where: rule (elements)". */
async function audit(page: Page, view: string): Promise<string[]> {
  const found: string[] = [];
  for (const size of Object.keys(SIZES) as Size[]) {
    await page.setViewportSize(SIZES[size]);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const { violations, passes } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
      console.log(`axe ${view} ${size} ${colorScheme}: ${violations.length} violations (${passes.length} rules passed)`);
      for (const v of violations) {
        found.push(`${view} ${size} ${colorScheme}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/** Controls smaller than 44 x 44 px (links inside a message's text are part of a sentence and
 * exempt, as WCAG 2.5.8 exempts inline links). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, summary, select, input, textarea, a[href]')) {
      if (el.closest('[data-testid=message-text], [data-testid=message-original], [data-testid=message-translation]')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.width < 44 || r.height < 44) {
        small.push(`${el.tagName.toLowerCase()} "${el.textContent?.trim()}" ${Math.round(r.width)}x${Math.round(r.height)}`);
      }
    }
    return small;
  });
}

/** Elements a keyboard can reach that nobody can see: whatever takes focus (tried on every
 * candidate) while it is at most 1 px, not visible, or inside a box of at most 1 px that clips
 * it (a visually hidden container). */
async function invisibleFocusable(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const candidates = 'a[href], button, input, select, textarea, summary, [tabindex]';
    const tiny = (e: Element) => {
      const r = e.getBoundingClientRect();
      return r.width <= 1 || r.height <= 1;
    };
    for (const el of document.querySelectorAll<HTMLElement>(candidates)) {
      el.focus({ preventScroll: true });
      if (document.activeElement !== el) continue;
      let hidden = tiny(el) || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
      for (let p = el.parentElement; p && !hidden; p = p.parentElement) {
        hidden = getComputedStyle(p).overflow !== 'visible' && tiny(p);
      }
      if (hidden) found.push(`${el.tagName.toLowerCase()} "${el.textContent?.trim()}"`);
    }
    (document.activeElement as HTMLElement | null)?.blur();
    return found;
  });
}

async function checkView(page: Page, view: string) {
  expect.soft(await audit(page, view), `axe violations on the ${view} view`).toEqual([]);
  await page.setViewportSize(SIZES.phone);
  expect.soft(await smallTargets(page), `tap targets under 44 px on the ${view} view (phone)`).toEqual([]);
  expect.soft(await invisibleFocusable(page), `invisible focusable elements on the ${view} view`).toEqual([]);
  // A page heading on every view.
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
}

async function shoot(p: Person, name: string) {
  for (const size of Object.keys(SIZES) as Size[]) {
    await p.page.setViewportSize(SIZES[size]);
    await screenshot(p, `${name}-${size}.png`);
  }
}

test('home, join, waiting and chat views: zero axe violations, 44 px targets, no invisible focus stops', async () => {
  ana = await person('ana');
  bruno = await person('bruno');

  await ana.page.goto('/');
  await expect(ana.page.getByTestId('create-session')).toBeEnabled();
  await checkView(ana.page, 'home');
  await shoot(ana, 'home');

  const code = await createSession(ana.page, 'Ana', 'en');
  await expect(ana.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'waiting');
  await expect(ana.page.getByRole('heading', { level: 1 })).toHaveText('New conversation, waiting for your partner');
  await checkView(ana.page, 'waiting');

  await bruno.page.goto(`/s/${code}`);
  await expect(bruno.page.getByTestId('join-session')).toBeEnabled();
  await checkView(bruno.page, 'join');
  await bruno.page.getByTestId('display-name').fill('Bruno');
  await bruno.page.getByTestId('language-select').selectOption('es');
  await bruno.page.getByTestId('join-session').click();
  await expectConnected(ana.page);
  await expectConnected(bruno.page);
  await expect(ana.page.getByRole('heading', { level: 1 })).toHaveText('Conversation with Bruno');

  // Messages both ways; Ana reads Bruno's translated, with the original shown.
  await send(ana.page, 'Hello Bruno, the guide is at https://example.com/guide.');
  await send(bruno.page, 'Hola Ana, gracias.');
  const translated = ana.page.getByTestId('message').last();
  await expect(translated).toHaveAttribute('data-translation', 'done');
  const toggle = translated.getByTestId('show-original');
  await expect(toggle).toHaveText('Show original');
  await toggle.click();
  await expect(toggle).toHaveText('Hide original');
  await expect(translated.getByTestId('message-original')).toBeVisible();
  await expect(ana.page.getByTestId('message').first()).toHaveAttribute('data-translation', 'done');
  await checkView(ana.page, 'chat');
  await checkView(bruno.page, 'chat (partner)');
});

test('every bubble reads right: dir and lang, the original only where a translation exists, safe links', async () => {
  ana = await person('ana');
  bruno = await person('bruno');
  const code = await createSession(ana.page, 'Ana', 'en');
  // Bruno writes Arabic, which the suite's engine (Apertium) cannot translate from or to English.
  await bruno.page.goto(`/s/${code}`);
  await bruno.page.getByTestId('display-name').fill('Bruno');
  await bruno.page.getByTestId('language-select').selectOption('ar');
  await bruno.page.getByTestId('join-session').click();
  await expectConnected(ana.page);
  await expectConnected(bruno.page);

  const arabic = 'مرحبا آنا، الدليل هنا: https://example.com/دليل';
  await send(bruno.page, arabic);
  await send(ana.page, 'Thanks! javascript:alert(1) is not a link, www.example.org is.');

  // On Ana's (English) page the Arabic message is laid out right to left, in its language.
  const theirs = ana.page.locator('[data-testid="message"][data-own="false"]');
  const text = theirs.getByTestId('message-text');
  await expect(text).toHaveText(arabic);
  await expect(text).toHaveAttribute('dir', 'auto');
  await expect(text).toHaveAttribute('lang', 'ar');
  expect(await text.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  // No engine translates the pair: nothing to show, so no toggle and no hidden focus stop.
  await expect(theirs).toHaveAttribute('data-translation', 'failed');
  await expect(theirs.getByTestId('show-original')).toHaveCount(0);
  await expect(theirs.getByTestId('message-original')).toHaveText(arabic);
  await expect(theirs.getByTestId('message-original')).toBeHidden();
  await expect(theirs.getByTestId('message-original')).toHaveAttribute('lang', 'ar');
  // The address in it is a link that opens apart from the session.
  const link = text.getByRole('link');
  await expect(link).toHaveText('https://example.com/دليل');
  await expect(link).toHaveAttribute('href', 'https://example.com/دليل');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');

  // Ana's own message: her language, left to right, no toggle; only the web address is a link.
  const mine = ana.page.locator('[data-testid="message"][data-own="true"]');
  await expect(mine.getByTestId('message-text')).toHaveAttribute('lang', 'en');
  await expect(mine.getByTestId('show-original')).toHaveCount(0);
  await expect(mine.getByTestId('message-text').getByRole('link')).toHaveCount(1);
  await expect(mine.getByTestId('message-text').getByRole('link')).toHaveAttribute('href', 'https://www.example.org');

  // Bruno's interface is Arabic (the document is right to left); Ana's English message in it
  // still reads left to right, in English.
  await expect(bruno.page.locator('html')).toHaveAttribute('dir', 'rtl');
  const english = bruno.page.locator('[data-testid="message"][data-own="false"]').getByTestId('message-text');
  await expect(english).toHaveAttribute('lang', 'en');
  expect(await english.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
  const own = bruno.page.locator('[data-testid="message"][data-own="true"]').getByTestId('message-text');
  await expect(own).toHaveAttribute('lang', 'ar');
  expect(await own.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');

  await shoot(ana, 'chat-rtl');
  await shoot(bruno, 'chat-rtl-arabic-interface');
});

test('one language: no translation, no toggle, the original stays in the DOM hidden', async () => {
  ana = await person('ana');
  bruno = await person('bruno');
  const code = await createSession(ana.page, 'Ana', 'en');
  await bruno.page.goto(`/s/${code}`);
  await bruno.page.getByTestId('display-name').fill('Bruno');
  await bruno.page.getByTestId('language-select').selectOption('en');
  await bruno.page.getByTestId('join-session').click();
  await expectConnected(bruno.page);
  await send(ana.page, 'Same language here');
  const msg = bruno.page.getByTestId('message').last();
  await expect(msg).toHaveAttribute('data-translation', 'none');
  await expect(msg.getByTestId('message-text')).toHaveAttribute('lang', 'en');
  await expect(msg.getByTestId('show-original')).toHaveCount(0);
  await expect(msg.getByTestId('message-original')).toHaveText('Same language here');
  await expect(msg.getByTestId('message-original')).toBeHidden();
  expect(await invisibleFocusable(bruno.page)).toEqual([]);
});

test('a styled not-found page in the interface language, with a way home', async ({ browser }) => {
  // A Spanish browser: the interface speaks Spanish (navigator.languages).
  const context = await browser.newContext({ baseURL: baseURL(), locale: 'es-ES' });
  const page = await context.newPage();
  try {
    await page.goto('/no/such/page');
    const notFound = page.getByTestId('not-found');
    await expect(notFound.getByRole('heading', { level: 1 })).toHaveText('Página no encontrada');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    const home = notFound.getByRole('link', { name: 'Ir a la página de inicio' });
    await expect(home).toHaveAttribute('href', '/');
    const p: Person = { name: 'visitor', browser, context, page };
    await checkView(page, 'not-found');
    await shoot(p, 'not-found');
    await home.click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('create-session')).toBeVisible();
  } finally {
    await context.close();
  }
});

test('installable: the manifest, its icons at their sizes, and no installability errors', async ({ request }) => {
  const res = await request.get('/manifest.webmanifest');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^application\/manifest\+json/);
  const manifest = await res.json();
  expect(manifest).toMatchObject({
    name: 'Session Translator',
    short_name: expect.any(String),
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: expect.stringMatching(/^#[0-9a-f]{6}$/),
    background_color: expect.stringMatching(/^#[0-9a-f]{6}$/),
  });
  const icons = manifest.icons as { src: string; sizes: string; type: string; purpose?: string }[];
  for (const want of ['192x192', '512x512']) expect(icons.some((i) => i.sizes === want && i.type === 'image/png')).toBe(true);
  expect(icons.some((i) => i.purpose === 'maskable')).toBe(true);
  for (const icon of icons) {
    const file = await request.get(icon.src);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()['content-type'], icon.src).toBe(icon.type);
    const body = await file.body();
    if (icon.type === 'image/png') {
      // PNG: the signature, then IHDR's width and height (big-endian) at bytes 16 and 20.
      expect(body.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(`${body.readUInt32BE(16)}x${body.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
    } else {
      expect(body.toString('utf8')).toMatch(/^<svg[^>]+viewBox="0 0 512 512"/);
    }
  }

  // The page links it, with a favicon and the theme colour; Chromium finds nothing that keeps
  // the app from installing. A persistent profile: an incognito one can never install.
  const profile = mkdtempSync(path.join(os.tmpdir(), 'a11y-install-'));
  const context = await chromium.launchPersistentContext(profile, { ...launchOptions, baseURL: baseURL() });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await expect(page.getByTestId('create-session')).toBeVisible();
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
    await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', '/icons/favicon.svg');
    await expect(page.locator('meta[name="theme-color"]').first()).toHaveAttribute('content', manifest.theme_color);
    const cdp = await context.newCDPSession(page);
    const parsed = await cdp.send('Page.getAppManifest');
    expect(parsed.errors).toEqual([]);
    expect(parsed.url).toMatch(/\/manifest\.webmanifest$/);
    // The service worker takes a moment to install; installability is checked once it controls the page.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect
      .poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors.map((e) => e.errorId))
      .toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
