import { test, type Page, type Route } from '@playwright/test';
import { closeAll, expect, person, screenshot, type Person } from '../support/browsers';
import { expectOriginals, sendFast, startConversation, timeline } from '../support/app';
import { SocketProxy } from '../support/network';

let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
});

async function pair() {
  ana = await person('ana');
  bruno = await person('bruno');
  const code = await startConversation(ana.page, bruno.page, 'en', 'en');
  return [ana, bruno] as const;
}

/** Both sides show the same messages, each exactly once, in the same order. */
async function expectSameTimeline(a: Page, b: Page, expected: string[]) {
  await expectOriginals(a, expected, 60_000);
  await expectOriginals(b, expected, 60_000);
  const ta = await timeline(a);
  const tb = await timeline(b);
  expect(tb.map((m) => m.id)).toEqual(ta.map((m) => m.id));
  expect(new Set(ta.map((m) => m.id)).size).toBe(expected.length);
}

// Chrome DevTools presets (throughput in bytes/s).
const PROFILES = {
  'slow 3G': { latency: 400, downloadThroughput: (500 * 1024) / 8, uploadThroughput: (500 * 1024) / 8 },
  'fast 4G': { latency: 60, downloadThroughput: (9 * 1024 * 1024) / 8, uploadThroughput: (1.5 * 1024 * 1024) / 8 },
};

for (const [name, profile] of Object.entries(PROFILES)) {
  test(`network: ${name} on both sides, everything arrives once and in order`, async () => {
    const [a, b] = await pair();
    for (const p of [a, b]) {
      const cdp = await p.context.newCDPSession(p.page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile });
    }
    const sent: string[] = [];
    for (let i = 1; i <= 4; i++) {
      for (const p of [a, b]) {
        const text = `${name} ${p.name} ${i}`;
        await sendFast(p.page, text);
        sent.push(text);
      }
    }
    // Each sender's own order is kept; the shared order is the server's.
    const order = await waitAll(a.page, sent.length);
    for (const who of ['ana', 'bruno']) {
      expect(order.filter((t) => t.includes(` ${who} `))).toEqual(sent.filter((t) => t.includes(` ${who} `)));
    }
    await expectSameTimeline(a.page, b.page, order);
  });
}

async function waitAll(page: Page, n: number): Promise<string[]> {
  await expect(page.getByTestId('message')).toHaveCount(n, { timeout: 60_000 });
  await expect(page.locator('[data-testid="message"][data-own="true"]:not([data-status="sent"]):not([data-status="delivered"]):not([data-status="read"])')).toHaveCount(0, { timeout: 60_000 });
  return page.getByTestId('message').evaluateAll((els) => els.map((el) => el.querySelector('[data-testid="message-original"]')?.textContent ?? ''));
}

async function flaky(frameDrop: number) {
  const a0 = await person('ana');
  const b0 = await person('bruno');
  ana = a0;
  bruno = b0;
  // Install the lossy paths before the session opens; they start lossless.
  const proxies = [await SocketProxy.install(a0.page), await SocketProxy.install(b0.page)];
  let restDrop = 0;
  let restDropped = 0;
  for (const p of [a0, b0]) {
    await p.page.route(/\/rest\/v1\//, async (route: Route) => {
      const r = Math.random();
      if (r < restDrop / 2) {
        restDropped++;
        return route.abort('failed'); // never reached the server
      }
      if (r < restDrop) {
        restDropped++;
        await route.fetch().catch(() => {}); // the server did it; the reply is lost
        return route.abort('failed');
      }
      return route.continue();
    });
  }
  const code = await startConversation(a0.page, b0.page, 'en', 'en');

  restDrop = 0.2;
  for (const p of proxies) p.dropRate = frameDrop;
  const sent: string[] = [];
  for (let i = 1; i <= 8; i++) {
    for (const p of [a0, b0]) {
      const text = `flaky ${p.name} ${i}`;
      await sendFast(p.page, text);
      sent.push(text);
    }
  }
  // Let the lossy phase finish its work on the sender side: every own message stored.
  for (const p of [a0, b0]) {
    await expect(p.page.getByTestId('queue-count')).toHaveCount(0, { timeout: 60_000 });
  }
  // The link heals; one more message each reveals any realtime event that was lost.
  restDrop = 0;
  for (const p of proxies) p.dropRate = 0;
  for (const p of [a0, b0]) {
    await sendFast(p.page, `healed ${p.name}`);
    sent.push(`healed ${p.name}`);
  }
  const all = await waitAll(a0.page, sent.length);
  for (const who of ['ana', 'bruno']) {
    expect(all.filter((t) => t.includes(` ${who}`))).toEqual(sent.filter((t) => t.includes(` ${who}`)));
  }
  await expectSameTimeline(a0.page, b0.page, all);
  console.log(`flaky link: ${restDropped} REST calls and ${proxies[0].dropped + proxies[1].dropped} frames dropped`);
  expect(restDropped + proxies[0].dropped + proxies[1].dropped).toBeGreaterThan(0);
  await screenshot(a0, frameDrop > 0 ? 'flaky-link-frames-ana.png' : 'flaky-link-rest-ana.png');
}

test('network: a flaky link dropping ~20% of REST calls (before or after the server) still delivers everything once', async () => {
  await flaky(0);
});

test('network: a flaky link that also drops ~20% of WebSocket frames still delivers everything once', async () => {
  await flaky(0.2);
});
