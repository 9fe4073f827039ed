import { test, type Page, type Route, type TestInfo } from '@playwright/test';
import { closeAll, expect, person, screenshot, type Person } from '../support/browsers';
import { arrivals, expectOriginals, recordArrivals, sendFast, startConversation, timeline } from '../support/app';
import { PROFILES, SocketProxy, type Profile } from '../support/network';
import { testRandom } from '../support/random';

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


// Enter → `sent` on the sender's screen and Enter → on the partner's screen, for every message
// (docs/app.md, "Throttled links": measured, and the bound with its margin).
const DELIVERY_BOUND_MS: Record<string, number> = { 'slow 3G': 2_500, 'fast 4G': 1_500 };

/**
 * Shows the throttle is on: times a download of a known number of bytes in the page (`/sw.js`,
 * which the service worker leaves to the network) and returns the time it took and the least
 * time the profile allows (its latency plus the bytes at its download rate).
 */
async function probe(page: Page, profile: Profile): Promise<{ took: number; least: number; bytes: number }> {
  const { took, bytes } = await page.evaluate(async () => {
    const start = performance.now();
    const body = await (await fetch(`/sw.js?probe=${start}`, { cache: 'no-store' })).arrayBuffer();
    return { took: performance.now() - start, bytes: body.byteLength };
  });
  return { took, bytes, least: profile.latency + (bytes * 1000) / profile.downloadThroughput };
}

for (const [name, profile] of Object.entries(PROFILES)) {
  test(`network: ${name} on both sides, everything arrives once, in order and in time`, async () => {
    const [a, b] = await pair();
    const sends: number[] = [];
    for (const p of [a, b]) {
      const unthrottled = await probe(p.page, profile);
      const cdp = await p.context.newCDPSession(p.page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile });
      const throttled = await probe(p.page, profile);
      console.log(
        `[measure] ${name} ${p.name}: ${throttled.bytes} bytes in ${throttled.took.toFixed(0)} ms throttled ` +
          `(${unthrottled.took.toFixed(0)} ms before; the profile allows no less than ${throttled.least.toFixed(0)} ms)`,
      );
      expect(unthrottled.took, 'the loopback link itself is fast').toBeLessThan(throttled.least);
      expect(throttled.took, `the ${name} throttle is on`).toBeGreaterThanOrEqual(throttled.least);
      await recordArrivals(p.page);
      p.page.on('requestfinished', (r) => {
        if (r.method() === 'POST' && /\/rest\/v1\/messages\b/.test(r.url())) sends.push(r.timing().responseEnd);
      });
    }
    const sent: string[] = [];
    const sentAt: Record<string, number> = {};
    for (let i = 1; i <= 4; i++) {
      for (const p of [a, b]) {
        const text = `${name} ${p.name} ${i}`;
        sentAt[text] = await sendFast(p.page, text);
        sent.push(text);
      }
    }
    // Each sender's own order is kept; the shared order is the server's.
    const order = await waitAll(a.page, sent.length);
    for (const who of ['ana', 'bruno']) {
      expect(order.filter((t) => t.includes(` ${who} `))).toEqual(sent.filter((t) => t.includes(` ${who} `)));
    }
    await expectSameTimeline(a.page, b.page, order);
    // The app's own sends went through the throttle too (each answer waited the latency).
    console.log(`[measure] ${name}: message POSTs took ${sends.map((t) => t.toFixed(0)).join(', ')} ms`);
    expect(sends.length).toBeGreaterThan(0);
    for (const took of sends) expect(took, 'a message POST under the throttle').toBeGreaterThanOrEqual(profile.latency);
    // Each message was stored (the sender sees `sent`) and reached the partner's screen within
    // the bounds docs/app.md states.
    const onAna = await arrivals(a.page);
    const onBruno = await arrivals(b.page);
    const mine = (text: string) => (text.includes(' ana ') ? onAna : onBruno);
    const theirs = (text: string) => (text.includes(' ana ') ? onBruno : onAna);
    const stored = sent.map((text) => mine(text).stored[text] - sentAt[text]);
    const delays = sent.map((text) => theirs(text).shown[text] - sentAt[text]);
    console.log(`[measure] ${name}: Enter → sent on the sender's screen, per message: ${stored.join(', ')} ms`);
    console.log(`[measure] ${name}: Enter → on the partner's screen, per message: ${delays.join(', ')} ms`);
    for (const [i, d] of stored.entries()) expect(d, `"${sent[i]}" stored`).toBeLessThanOrEqual(DELIVERY_BOUND_MS[name]);
    for (const [i, d] of delays.entries()) expect(d, `delivery of "${sent[i]}"`).toBeLessThanOrEqual(DELIVERY_BOUND_MS[name]);
  });
}

async function waitAll(page: Page, n: number): Promise<string[]> {
  await expect(page.getByTestId('message')).toHaveCount(n, { timeout: 60_000 });
  await expect(page.locator('[data-testid="message"][data-own="true"]:not([data-status="sent"]):not([data-status="delivered"]):not([data-status="read"])')).toHaveCount(0, { timeout: 60_000 });
  return page.getByTestId('message').evaluateAll((els) => els.map((el) => el.querySelector('[data-testid="message-original"]')?.textContent ?? ''));
}

async function flaky(frameDrop: number, testInfo: TestInfo) {
  const random = testRandom(testInfo, ['ana rest', 'bruno rest', 'ana frames', 'bruno frames']);
  const a0 = await person('ana');
  const b0 = await person('bruno');
  ana = a0;
  bruno = b0;
  // Install the lossy paths before the session opens; they start lossless.
  const proxies = [
    await SocketProxy.install(a0.page, { random: random['ana frames'] }),
    await SocketProxy.install(b0.page, { random: random['bruno frames'] }),
  ];
  let restDrop = 0;
  let restDropped = 0;
  for (const p of [a0, b0]) {
    const draw = random[`${p.name} rest` as 'ana rest' | 'bruno rest'];
    await p.page.route(/\/rest\/v1\//, async (route: Route) => {
      const r = draw();
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

test('network: a flaky link dropping ~20% of REST calls (before or after the server) still delivers everything once', async ({}, testInfo) => {
  await flaky(0, testInfo);
});

test('network: a flaky link that also drops ~20% of WebSocket frames still delivers everything once', async ({}, testInfo) => {
  await flaky(0.2, testInfo);
});
