// Presence and typing between two people (docs/contracts.md §3, §5): partner-status waiting → online,
// away on a hidden tab, offline on a closed tab or a lost network, no ghost after a reload,
// the presence rate limit never tripped, and the typing indicator. Each transition's delay
// from cause to the partner's screen is printed as `[measure] ...` (docs/features/presence.md).
import { test } from '@playwright/test';
import { closeAll, expect, person, screenshot, type Person } from '../support/browsers';
import { createSession, expectConnected, joinByLink, sendFast, setHidden, watchHeartbeats } from '../support/app';

const status = (p: Person) => p.page.getByTestId('partner-status');

// The promise of docs/features/presence.md: a partner who closes the tab or loses the network
// shows `offline` within 5 s.
const OFFLINE_WITHIN_MS = 5_000;

/** Waits for the partner-status and returns the ms since `since`. */
async function until(p: Person, state: string, since: number, timeout = 15_000): Promise<number> {
  await expect(status(p)).toHaveAttribute('data-state', state, { timeout });
  return Date.now() - since;
}

function measure(what: string, ms: number) {
  console.log(`[measure] ${what}: ${ms} ms`);
}

/** Records realtime `system` errors and channel closes the server sends this page. */
function watchChannelErrors(p: Person): string[] {
  const seen: string[] = [];
  p.page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      const text = typeof f.payload === 'string' ? f.payload : '';
      if (/rate limit|phx_close/i.test(text)) seen.push(text);
    }),
  );
  return seen;
}

/** Bruno's heartbeats are counted from the start (see `watchHeartbeats`). */
async function pair(): Promise<[Person, Person, string, () => number]> {
  const ana = await person('ana');
  const bruno = await person('bruno');
  const brunoBeats = watchHeartbeats(bruno.page);
  const code = await createSession(ana.page, 'Ana', 'en');
  await joinByLink(bruno.page, code, 'Bruno', 'es');
  await until(ana, 'online', Date.now());
  await until(bruno, 'online', Date.now());
  return [ana, bruno, code, brunoBeats];
}

test('waiting → online on join; away while the tab is hidden, with presence calls coalesced', async () => {
  const ana = await person('ana');
  const bruno = await person('bruno');
  try {
    const errors = watchChannelErrors(ana);
    const code = await createSession(ana.page, 'Ana', 'en');
    await expectConnected(ana.page);
    await expect(status(ana)).toHaveAttribute('data-state', 'waiting');
    await screenshot(ana, 'presence-waiting-ana.png');

    await bruno.page.goto(`/s/${code}`);
    await bruno.page.getByTestId('display-name').fill('Bruno');
    await bruno.page.getByTestId('language-select').selectOption('es');
    const joined = Date.now();
    await bruno.page.getByTestId('join-session').click();
    measure('join → online (partner)', await until(ana, 'online', joined));
    await until(bruno, 'online', joined);
    await screenshot(ana, 'presence-online-ana.png');
    await screenshot(bruno, 'presence-online-bruno.png');

    let t = Date.now();
    await setHidden(ana.page, true);
    measure('tab hidden → away', await until(bruno, 'away', t));
    await screenshot(bruno, 'presence-away-bruno.png');
    await screenshot(ana, 'presence-away-ana.png');
    t = Date.now();
    await setHidden(ana.page, false);
    measure('tab visible → online', await until(bruno, 'online', t));

    // Someone flicking between tabs: 20 flips, fast and slow. Supabase closes a channel after
    // 5 presence calls in 30 s; the app coalesces and defers, and ends in the right state.
    for (let i = 0; i < 20; i++) {
      await setHidden(ana.page, i % 2 === 0);
      await ana.page.waitForTimeout(i < 10 ? 50 : 450);
    }
    await setHidden(ana.page, true);
    await until(bruno, 'away', Date.now(), 40_000);
    await setHidden(ana.page, false);
    await until(bruno, 'online', Date.now(), 40_000);
    await expectConnected(ana.page);
    expect(errors.filter((e) => /rate limit/i.test(e))).toEqual([]);
  } finally {
    await closeAll(ana, bruno);
  }
});

test('offline within 5 s when the tab closes; no ghost after a reload', async () => {
  const [ana, bruno] = await pair();
  try {
    // A reload replaces Bruno's socket: his old presence goes with it, the new one is tracked.
    await bruno.page.reload();
    await expectConnected(bruno.page);
    await until(ana, 'online', Date.now());
    await until(bruno, 'online', Date.now());

    // Closing the tab now must show offline: a ghost of the first load would keep him online.
    const t = Date.now();
    await bruno.page.close();
    const closed = await until(ana, 'offline', t, OFFLINE_WITHIN_MS);
    measure('tab closed → offline', closed);
    expect(closed).toBeLessThanOrEqual(OFFLINE_WITHIN_MS);
    await screenshot(ana, 'presence-offline-closed-ana.png');

    // He comes back (same browser, same identity): online again.
    bruno.page = await bruno.context.newPage();
    const back = Date.now();
    await bruno.page.goto(ana.page.url().replace(/^https?:\/\/[^/]+/, ''));
    measure('reopened → online', await until(ana, 'online', back));
    await screenshot(bruno, 'presence-reopened-bruno.png');
  } finally {
    await closeAll(ana, bruno);
  }
});

test('offline within 5 s when the network goes, online again when it returns', async () => {
  const [ana, bruno, , brunoBeats] = await pair();
  try {
    // The server learns a socket's heartbeat cadence from its first beat (2 s after opening);
    // a network lost before that is noticed after the configured timeout (60 s) instead.
    await expect.poll(brunoBeats).toBeGreaterThan(0);
    let t = Date.now();
    await bruno.context.setOffline(true);
    const lost = await until(ana, 'offline', t, OFFLINE_WITHIN_MS);
    measure('network lost (setOffline) → offline', lost);
    expect(lost).toBeLessThanOrEqual(OFFLINE_WITHIN_MS);
    await screenshot(ana, 'presence-offline-network-ana.png');
    await screenshot(bruno, 'presence-offline-network-bruno.png');
    t = Date.now();
    await bruno.context.setOffline(false);
    measure('network back → online', await until(ana, 'online', t, 30_000));
    await until(bruno, 'online', Date.now(), 30_000);
  } finally {
    await closeAll(ana, bruno);
  }
});

test('typing shows while the partner types, clears on idle and expires by itself', async () => {
  const [ana, bruno] = await pair();
  const indicator = ana.page.getByTestId('typing-indicator');
  try {
    await expect(indicator).toHaveCount(0);
    const input = bruno.page.getByTestId('message-input');
    let t = Date.now();
    await input.pressSequentially('hola', { delay: 50 });
    await expect(indicator).toBeVisible();
    measure('typing → indicator', Date.now() - t);
    await expect(indicator).toContainText('Bruno');
    await screenshot(ana, 'typing-shown-ana.png');
    await screenshot(bruno, 'typing-shown-bruno.png');

    // Cleared input: `idle` at once.
    t = Date.now();
    await input.fill('');
    await input.press('Backspace');
    await expect(indicator).toHaveCount(0);
    measure('input cleared → indicator gone', Date.now() - t);

    // Types, then stops without clearing: the indicator expires by itself.
    await input.pressSequentially('buenos', { delay: 50 });
    await expect(indicator).toBeVisible();
    t = Date.now();
    await expect(indicator).toHaveCount(0, { timeout: 10_000 });
    const expired = Date.now() - t;
    measure('typing stopped → indicator expired', expired);
    expect(expired).toBeGreaterThan(2000);

    // Sends: the message arrives, its translation follows, and the indicator goes.
    await input.fill('');
    await sendFast(bruno.page, 'Buenos días, ¿qué tal?');
    const msg = ana.page.getByTestId('message').filter({ hasText: 'Buenos' });
    await expect(msg).toHaveAttribute('data-translation', /pending|done/);
    await expect(msg).toHaveAttribute('data-translation', 'done', { timeout: 20_000 });
    await expect(indicator).toHaveCount(0, { timeout: 10_000 });
    await screenshot(ana, 'typing-after-send-ana.png');

    // A typist who goes away takes the indicator along.
    await input.pressSequentially('y tú', { delay: 50 });
    await expect(indicator).toBeVisible();
    await bruno.page.close();
    await expect(indicator).toHaveCount(0, { timeout: 8_000 });
  } finally {
    await closeAll(ana, bruno);
  }
});
