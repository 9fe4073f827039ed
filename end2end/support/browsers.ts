import { chromium, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** Debian's Chromium; `npx playwright install` cannot download browsers here. */
export const launchOptions = {
  executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Added when the offline test served the app shell through routing (a page counted as
    // non-local then); kept so no local-network-access check can hold up a loopback page.
    '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests',
  ],
};

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SCREENSHOTS = path.join(REPO_ROOT, 'artifacts', 'screenshots');

export function baseURL(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: global-setup.ts starts the server');
  return url;
}

/** One person: a browser of their own (own storage, own anonymous user), one tab. */
export interface Person {
  name: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/** Browser settings a person may differ in: the languages it prefers (`navigator.languages`,
 * e.g. `es-ES`) and its window size. */
export interface PersonOptions {
  locale?: string;
  viewport?: { width: number; height: number };
}

export async function person(name: string, options: PersonOptions = {}): Promise<Person> {
  const browser = await chromium.launch(launchOptions);
  const context = await browser.newContext({
    baseURL: baseURL(),
    viewport: options.viewport ?? { width: 420, height: 820 },
    locale: options.locale,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[${name}] page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`[${name}] console: ${m.text()}`);
  });
  return { name, browser, context, page };
}

export async function closeAll(...people: (Person | undefined)[]) {
  for (const p of people) await p?.browser.close();
}

export async function screenshot(p: Person, file: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await p.page.screenshot({ path: path.join(SCREENSHOTS, file), fullPage: true });
}

export { expect };
