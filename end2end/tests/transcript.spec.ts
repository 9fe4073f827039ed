import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test, type Download, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { baseURL, closeAll, expect, person, screenshot, SCREENSHOTS, type Person } from '../support/browsers';
import { createSession, joinByLink, send, startConversation } from '../support/app';
import { msg } from '../support/i18n';

// Across a table (docs/features/transcript-and-qr.md): the waiting screen's QR code of the join
// link, and the conversation saved as a text file or a printable page, built on the device.

let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
});

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** What a phone camera would read: the `join-qr` element as pixels, decoded. */
async function scanQr(page: Page): Promise<string | null> {
  const png = PNG.sync.read(await page.getByTestId('join-qr').screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

/** Clicks an export control and returns the downloaded file: its suggested name, where it
 * came from, and its text. */
async function exportFile(page: Page, testId: string): Promise<{ name: string; url: string; text: string }> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), url: download.url(), text: readFileSync(path, 'utf8') };
}

/** The message's id on this page, by its original text. */
async function idOf(page: Page, original: string): Promise<string> {
  const el = page.getByTestId('message').filter({ has: page.getByTestId('message-original').getByText(original, { exact: true }) });
  await expect(el).toHaveCount(1);
  return (await el.getAttribute('data-id'))!;
}

async function expectTranslated(page: Page, id: string) {
  await expect(page.locator(`[data-testid="message"][data-id="${id}"]`)).toHaveAttribute('data-translation', 'done', { timeout: 30_000 });
}

async function readerText(page: Page, id: string): Promise<string> {
  return (await page.locator(`[data-testid="message"][data-id="${id}"] [data-testid="message-text"]`).textContent())!.trim();
}

test('the waiting screen shows a QR code that scans to the join link, at desktop and phone sizes, also in dark mode', async () => {
  ana = await person('Ana');
  const code = await createSession(ana.page, 'Ana', 'en');
  const link = `${new URL(ana.page.url()).origin}/s/${code}`;
  expect(link).toBe(`${new URL(baseURL()).origin}/s/${code}`);
  // The link the page shows (and copies) is the one the code carries.
  await expect(ana.page.locator(`a[href="${link}"]`).first()).toBeVisible();

  const qr = ana.page.getByRole('img', { name: msg('en', 'transcript-qr-label') });
  await expect(qr).toBeVisible();
  await expect(qr).toHaveAttribute('data-testid', 'join-qr');

  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    await ana.page.setViewportSize(viewport);
    const box = (await qr.boundingBox())!;
    // Large enough for a phone camera across a table, and entirely on screen.
    expect(box.width, size).toBeGreaterThanOrEqual(200);
    expect(box.height, size).toBeGreaterThanOrEqual(200);
    expect(box.x + box.width, size).toBeLessThanOrEqual(viewport.width);
    expect(await scanQr(ana.page), size).toBe(link);
    await screenshot(ana, `waiting-qr-${size}.png`);
  }

  // Dark modules on white whatever the colour scheme.
  await ana.page.emulateMedia({ colorScheme: 'dark' });
  expect(await scanQr(ana.page)).toBe(link);
  await ana.page.emulateMedia({ colorScheme: 'light' });

  // Drawn on the device as inline markup, not an image fetched from anywhere.
  expect(await qr.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');

  // Once the partner is in, the code folds away.
  bruno = await person('Bruno');
  await joinByLink(bruno.page, code, 'Bruno', 'es');
  await expect(ana.page.getByTestId('partner-status')).not.toHaveAttribute('data-state', 'waiting');
  await expect(ana.page.getByTestId('join-qr')).toHaveCount(0);
  await expect(bruno.page.getByTestId('join-qr')).toHaveCount(0);
});

test('either side exports the conversation: names, languages, both texts side by side, in order, with times; as text and as a printable page', async () => {
  ana = await person('Ana');
  bruno = await person('Bruno');
  const code = await startConversation(ana.page, bruno.page, 'en', 'es');

  const first = 'Good morning, my friend.';
  const second = 'El gato es negro.';
  await send(ana.page, first);
  await expect(bruno.page.getByTestId('message')).toHaveCount(1);
  await send(bruno.page, second);
  const firstId = await idOf(ana.page, first);
  const secondId = await idOf(ana.page, second);
  for (const page of [ana.page, bruno.page]) {
    await expectTranslated(page, firstId);
    await expectTranslated(page, secondId);
  }
  // What each reader reads is the other's message translated by Apertium.
  const firstInSpanish = await readerText(bruno.page, firstId);
  const secondInEnglish = await readerText(ana.page, secondId);
  expect(firstInSpanish).not.toBe(first);
  expect(secondInEnglish).not.toBe(second);

  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await ana.page.setViewportSize(viewport);
    await expect(ana.page.getByTestId('export-transcript')).toBeVisible();
    await screenshot(ana, `transcript-export-${size}.png`);
  }

  // Plain text, from Ana's side (English interface).
  const txt = await exportFile(ana.page, 'export-transcript');
  expect(txt.name).toMatch(new RegExp(`^conversation-${code}-\\d{4}-\\d{2}-\\d{2}\\.txt$`));
  expect(txt.url, 'built on the device, not fetched').toMatch(/^blob:/);
  const lines = txt.text.split('\n');
  expect(lines[0]).toBe(`Conversation ${code}`);
  expect(lines[1]).toMatch(/^Saved on .*\d{4}/);
  expect(lines[2]).toBe('Participants: Ana (English), Bruno (Spanish)');
  // A time, who wrote it, then the original and the translation on the next two lines.
  const time = String.raw`\[\d{1,2}:\d{2}(\s?[AP]M)?\]`;
  const block = (who: string, lines: string[]) => new RegExp(`^${time} ${who}\\n${lines.map((l) => `    ${escapeRe(l)}`).join('\\n')}$`, 'm');
  expect(txt.text).toMatch(block('Ana', [`English: ${first}`, `Spanish: ${firstInSpanish}`]));
  expect(txt.text).toMatch(block('Bruno', [`Spanish: ${second}`, `English: ${secondInEnglish}`]));
  expect(txt.text.indexOf(first)).toBeLessThan(txt.text.indexOf(second));

  // The same conversation from Bruno's side, in his interface language.
  const brunoTxt = await exportFile(bruno.page, 'export-transcript');
  const es = (label: string, text: string) => msg('es', 'transcript-labelled', { label, text });
  const [english, spanish] = [msg('es', 'lang-en'), msg('es', 'lang-es')];
  expect(brunoTxt.text.split('\n')[0]).toBe(msg('es', 'transcript-title', { code }));
  expect(brunoTxt.text).toContain(`\n${es(msg('es', 'transcript-participants'), `Bruno (${spanish}), Ana (${english})`)}\n`);
  expect(brunoTxt.text).toMatch(block('Ana', [es(english, first), es(spanish, firstInSpanish)]));
  expect(brunoTxt.text).toMatch(block('Bruno', [es(spanish, second), es(english, secondInEnglish)]));
  expect(brunoTxt.text.indexOf(first)).toBeLessThan(brunoTxt.text.indexOf(second));

  // The printable page: well-formed markup, a row per message with original and translation
  // side by side, each cell in its language.
  const html = await exportFile(ana.page, 'export-transcript-html');
  expect(html.name).toMatch(new RegExp(`^conversation-${code}-\\d{4}-\\d{2}-\\d{2}\\.html$`));
  expect(html.url).toMatch(/^blob:/);
  const viewer = await ana.context.newPage();
  const wellFormed = await viewer.evaluate(
    (markup) => new DOMParser().parseFromString(markup, 'application/xhtml+xml').getElementsByTagName('parsererror').length === 0,
    html.text,
  );
  expect(wellFormed, 'the page parses as XML').toBe(true);
  await viewer.setContent(html.text);
  await expect(viewer).toHaveTitle(`Conversation ${code}`);
  await expect(viewer.locator('html')).toHaveAttribute('lang', 'en');
  const rows = viewer.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  // A translation's cell also names the engine and route beneath it (`.route`, docs/features/translation.md).
  const cells = async (i: number) =>
    rows.nth(i).locator('td').evaluateAll((tds) =>
      tds.map((td) => ({
        text: Array.from(td.childNodes).filter((n) => !(n instanceof Element && n.classList.contains('route'))).map((n) => n.textContent).join(''),
        lang: td.getAttribute('lang'),
        dir: td.getAttribute('dir'),
        route: td.querySelector('.route')?.textContent ?? null,
      })),
    );
  const [anaRow, brunoRow] = [await cells(0), await cells(1)];
  expect(anaRow[0].text).toMatch(/^\d{1,2}:\d{2}/);
  expect(anaRow.slice(1)).toEqual([
    { text: 'Ana', lang: null, dir: 'auto', route: null },
    { text: first, lang: 'en', dir: 'auto', route: null },
    { text: firstInSpanish, lang: 'es', dir: 'auto', route: 'Translated by: Apertium' },
  ]);
  expect(brunoRow.slice(1)).toEqual([
    { text: 'Bruno', lang: null, dir: 'auto', route: null },
    { text: second, lang: 'es', dir: 'auto', route: null },
    { text: secondInEnglish, lang: 'en', dir: 'auto', route: 'Translated by: Apertium' },
  ]);
  expect(html.text).toContain('@media print');
  await viewer.setViewportSize(DESKTOP);
  await viewer.screenshot({ path: screenshotPath('transcript-print-page-desktop.png'), fullPage: true });
  await viewer.setViewportSize(PHONE);
  await viewer.screenshot({ path: screenshotPath('transcript-print-page-phone.png'), fullPage: true });
  await viewer.close();

  // A message the server does not have yet is in the file, marked as such.
  await ana.context.setOffline(true);
  const unsent = 'Are you still there?';
  await send(ana.page, unsent);
  await expect(ana.page.getByTestId('queue-count')).toHaveText('1');
  const offline = await exportFile(ana.page, 'export-transcript');
  expect(offline.text).toContain(`\n[not sent yet] Ana\n    English: ${unsent}\n    Spanish: (not translated yet)\n`);
  expect(offline.text.indexOf(second)).toBeLessThan(offline.text.indexOf(unsent));
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function screenshotPath(file: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, file);
}
