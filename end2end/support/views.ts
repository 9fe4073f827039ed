import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { SCREENSHOTS, type Person } from './browsers';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Screenshots at desktop and phone sizes: `<name>-desktop.png`, `<name>-phone.png`; the page
 * gets its previous size back. */
export async function screenshotsAtBothSizes(p: Person, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = p.page.viewportSize();
  for (const [label, size] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await p.page.setViewportSize(size);
    await p.page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${label}.png`) });
  }
  if (before) await p.page.setViewportSize(before);
}

/** Pixels of the message list left below what is in view (0: at the newest message). */
export async function distanceFromBottom(page: Page): Promise<number> {
  return page.locator('.messages').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
}

/** The newest bubble is fully in view: inside the list's visible box and above the composer. */
export async function newestBubbleInView(page: Page) {
  const last = await page.getByTestId('message').last().boundingBox();
  const list = await page.locator('.messages').boundingBox();
  const composer = await page.locator('.composer-area').boundingBox();
  if (!last || !list || !composer) return { ok: false, last, list, composer };
  const ok = last.y >= list.y - 1 && last.y + last.height <= list.y + list.height + 1 && last.y + last.height <= composer.y + 1;
  return { ok, last, list, composer };
}

/** axe's WCAG 2.1 A/AA violations on `page` as it is, at desktop and phone sizes in light and
 * dark mode, as "size scheme: rule (elements)"; the page gets its previous size back. */
export async function axeViolations(page: Page): Promise<string[]> {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const found: string[] = [];
  const before = page.viewportSize();
  for (const [label, size] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await page.setViewportSize(size);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      for (const v of violations) found.push(`${label} ${colorScheme}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (before) await page.setViewportSize(before);
  return found;
}
