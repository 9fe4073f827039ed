import { test } from '@playwright/test';
import { chromium } from '@playwright/test';
import { baseURL, launchOptions } from '../support/browsers';
import { PROFILES, type Profile } from '../support/network';

// A first visit of the home page, cold cache, one fresh browser context per run, on localhost
// and under Chrome DevTools' slow 3G profile (400 ms latency, 500 kbit/s each way): time from
// navigation start to the `display-name` input in the DOM (the wasm app has mounted), the
// browser's first-contentful-paint, and the bytes that crossed the network until the app
// mounted (CDP's encodedDataLength: what the server sent, compressed when it compressed), per
// file. `RUNS` runs per link (default 5 on localhost, 3 on slow 3G); `LOCALE` the browser's
// language (default en-US; another language adds its message file).
const RUNS = Number(process.env.RUNS ?? 0);
const LOCALE = process.env.LOCALE ?? 'en-US';
const LINKS: [string, Profile | null, number][] = [
  ['localhost', null, RUNS || 5],
  ['slow 3G', PROFILES['slow 3G'], RUNS || 3],
];

for (const [link, profile, runs] of LINKS) {
  test(`first render of / (cold cache, ${link})`, async () => {
    test.setTimeout(300_000);
    const browser = await chromium.launch(launchOptions);
    const rows: { mounted: number; fcp: number; bytes: number }[] = [];
    let files: string[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ baseURL: baseURL(), locale: LOCALE });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      if (profile) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile });
      const urls = new Map<string, string>();
      const sent = new Map<string, number>();
      cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, new URL(e.request.url).pathname));
      cdp.on('Network.loadingFinished', (e) => sent.set(e.requestId, e.encodedDataLength));
      await page.addInitScript(() => {
        const mark = () => {
          if (!(window as any).__mounted && document.querySelector('[data-testid="display-name"]')) {
            (window as any).__mounted = performance.now();
          }
        };
        new MutationObserver(mark).observe(document, { childList: true, subtree: true });
      });
      await page.goto('/', { timeout: 120_000 });
      await page.waitForFunction(() => (window as any).__mounted !== undefined, null, { timeout: 120_000 });
      const [mounted, fcp] = await page.evaluate(() => [
        Math.round((window as any).__mounted),
        Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN),
      ]);
      const byFile = [...sent].map(([id, bytes]) => [urls.get(id) ?? '?', bytes] as const);
      rows.push({ mounted, fcp, bytes: byFile.reduce((sum, [, b]) => sum + b, 0) });
      files = byFile.map(([path, b]) => `${path.replace(/-[0-9a-f]{16}/, '')} ${b}`);
      await context.close();
    }
    await browser.close();
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (const [i, r] of rows.entries()) console.log(`[first-render] ${link} run ${i + 1}: ${JSON.stringify(r)}`);
    console.log(`[first-render] ${link}, the last run's transfers (bytes):\n  ${files.join('\n  ')}`);
    console.log(
      `[first-render] ${link}, median of ${runs}: mounted ${median(rows.map((r) => r.mounted))} ms, ` +
        `first-contentful-paint ${median(rows.map((r) => r.fcp))} ms, ${median(rows.map((r) => r.bytes))} bytes transferred`,
    );
  });
}
