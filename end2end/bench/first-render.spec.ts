import { test } from '@playwright/test';
import { chromium } from '@playwright/test';
import { baseURL, launchOptions } from '../support/browsers';

// Time to first render of the home page on localhost, cold cache, one fresh browser context
// per run: navigation start → the `display-name` input in the DOM (the wasm app has mounted),
// plus the browser's first-contentful-paint. Prints each run and the medians.
const RUNS = Number(process.env.RUNS ?? 7);

test('first render of / (cold cache, localhost)', async () => {
  const browser = await chromium.launch(launchOptions);
  const rows: { mounted: number; fcp: number; domContentLoaded: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ baseURL: baseURL() });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const mark = () => {
        if (!(window as any).__mounted && document.querySelector('[data-testid="display-name"]')) {
          (window as any).__mounted = performance.now();
        }
      };
      new MutationObserver(mark).observe(document, { childList: true, subtree: true });
    });
    await page.goto('/');
    await page.waitForFunction(() => (window as any).__mounted !== undefined);
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    rows.push(
      await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return {
          mounted: Math.round((window as any).__mounted),
          fcp: Math.round(performance.getEntriesByName('first-contentful-paint')[0].startTime),
          domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
        };
      }),
    );
    await context.close();
  }
  await browser.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [i, r] of rows.entries()) console.log(`run ${i + 1}: ${JSON.stringify(r)}`);
  console.log(
    `median of ${RUNS}: mounted ${median(rows.map((r) => r.mounted))} ms, ` +
      `first-contentful-paint ${median(rows.map((r) => r.fcp))} ms, ` +
      `DOMContentLoaded ${median(rows.map((r) => r.domContentLoaded))} ms`,
  );
});
