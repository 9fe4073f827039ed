import { test, type Page } from '@playwright/test';
import { closeAll, expect, type Person } from '../support/browsers';
import { expectConnected, joinByLink, reopenWithoutSavedState } from '../support/app';
import { personAt, startExtraServer, type ExtraServer } from '../support/extra-server';
import { anaSession, seedMessages, serverIds } from '../support/rest';

// Long conversations on localhost (docs/benchmarks.md, "Long conversations"): for sessions of
// 1,000 and 10,000 messages, the time a partner's first open takes (join → newest message shown
// and the composer ready), the time a reopen with nothing saved takes (navigation start → the
// same; median of RUNS), and what the page holds then and after LIVE more messages arrive while
// it is open: message bubbles, DOM nodes and JS heap (Chromium's DevTools protocol) and the
// wasm's linear memory (the Rust heap's high-water mark).
const RUNS = Number(process.env.RUNS ?? 5);
const SIZES = (process.env.SIZES ?? '1000,10000').split(',').map(Number);
const LIVE = Number(process.env.LIVE ?? 1_500);

let extra: ExtraServer | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(bruno);
  bruno = undefined;
  await extra?.stop();
  extra = undefined;
});

/** Where a page's time went: each file and backend call since navigation, start–end (ms). */
async function requestsSoFar(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => {
      const url = new URL(e.name);
      const path = url.pathname.replace(/-[0-9a-f]{16}/, '') + url.search.slice(0, 60);
      return `${path} ${Math.round(e.startTime)}–${Math.round(e.responseEnd)}`;
    }),
  );
}

async function footprint(p: Person) {
  const cdp = await p.context.newCDPSession(p.page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number };
  await cdp.detach();
  const bubbles = await p.page.getByTestId('message').count();
  // The wasm's linear memory never shrinks: its size is the high-water mark of the Rust heap.
  const wasm = await p.page.evaluate(() => (window as any).__wasm?.memory?.buffer?.byteLength as number | undefined);
  const kib = (b: number | undefined) => (b === undefined ? 'n/a' : `${Math.round(b / 1024)} KiB`);
  return { bubbles, domNodes: dom.nodes, jsHeap: kib(heap.usedSize), wasmMemory: kib(wasm) };
}

for (const size of SIZES) {
  test(`long conversation of ${size} messages`, async () => {
    test.setTimeout(600_000);
    extra = await startExtraServer(`bench-long-${size}`, ['--message-rate', '100000', '--message-burst', '100000', '--translator', 'none']);
    const seeded = await anaSession(extra.url);
    await seedMessages(seeded, size, 'long');
    let server = await serverIds(seeded);
    bruno = await personAt('bruno', extra.url);
    const page = bruno.page;
    // Trunk's loader announces the started wasm instance; keep it to read its memory.
    await page.addInitScript(() =>
      addEventListener('TrunkApplicationStarted', (e) => ((window as any).__wasm = (e as CustomEvent).detail.wasm)),
    );

    await page.goto(`/s/${seeded.code}`);
    await page.getByTestId('display-name').fill('Bruno');
    await page.getByTestId('language-select').selectOption('en');
    // Click and watch in the page itself, every animation frame: the route changes without a
    // reload, so one script sees both.
    const joinMs = await page.evaluate(
      (id) =>
        new Promise<number>((resolve) => {
          const start = performance.now();
          (document.querySelector('[data-testid="join-session"]') as HTMLButtonElement).click();
          const check = () => {
            const shown = document.querySelector(`[data-testid="message"][data-id="${id}"]`);
            const input = document.querySelector('[data-testid="message-input"]') as HTMLTextAreaElement | null;
            if (shown && input && !input.disabled) resolve(Math.round(performance.now() - start));
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }),
      server[server.length - 1],
    );
    await expectConnected(page);
    const joinCalls = await requestsSoFar(page);

    const opens: number[] = [];
    for (let i = 0; i < RUNS; i++) opens.push(await reopenWithoutSavedState(page, server[server.length - 1]));
    await expectConnected(page);
    const median = [...opens].sort((a, b) => a - b)[Math.floor(opens.length / 2)];
    const calls = await requestsSoFar(page);
    const opened = await footprint(bruno);

    // LIVE more arrive while the page is open, 100 at a time.
    await seedMessages(seeded, LIVE, 'live', size + 1);
    server = await serverIds(seeded);
    await page.locator(`[data-testid="message"][data-id="${server[server.length - 1]}"]`).waitFor({ timeout: 120_000 });
    const after = await footprint(bruno);

    console.log(`[bench] ${size} messages: join → newest shown ${joinMs} ms; reopen without saved state ${JSON.stringify(opens)} ms, median ${median} ms`);
    console.log(`[bench] ${size} messages, opened: ${JSON.stringify(opened)}`);
    console.log(`[bench] ${size} messages, the join's requests:\n  ${joinCalls.join('\n  ')}`);
    console.log(`[bench] ${size} messages, the last reopen's requests:\n  ${calls.join('\n  ')}`);
    console.log(`[bench] ${size} messages, after ${LIVE} more arrived live: ${JSON.stringify(after)}`);
  });
}
