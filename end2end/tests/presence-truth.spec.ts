// Presence tells the truth at any moment (docs/features/presence.md, "Liveness"): a partner
// whose network goes is shown `offline` within 5 s whenever it happens — 1 s, 3 s and 10 s after
// joining (the first ones before the server has seen the socket's first heartbeat, where its own
// timeout would take 60 s), right after typing, and right after the tab was shown again — and
// while I am offline myself the partner's state is unknown with "last seen", never a stale
// `online`. Each delay is printed as `[measure] ...` for docs/features/presence.md.
import { test } from '@playwright/test';
import { closeAll, expect, person, screenshot, type Person } from '../support/browsers';
import { createSession, expectConnected, setHidden } from '../support/app';

const status = (p: Person) => p.page.getByTestId('partner-status');

// The bound, asserted as such.
const OFFLINE_WITHIN_MS = 5_000;

function measure(what: string, ms: number) {
  console.log(`[measure] ${what}: ${ms} ms`);
}

/** Ana creates a session, Bruno joins by link; returns when Bruno pressed join. */
async function join(ana: Person, bruno: Person): Promise<number> {
  const code = await createSession(ana.page, 'Ana', 'en');
  await expectConnected(ana.page);
  await bruno.page.goto(`/s/${code}`);
  await bruno.page.getByTestId('display-name').fill('Bruno');
  await bruno.page.getByTestId('language-select').selectOption('es');
  const joined = Date.now();
  await bruno.page.getByTestId('join-session').click();
  await expect(status(ana)).toHaveAttribute('data-state', 'online');
  return joined;
}

/** Cuts Bruno's network and returns how long Ana took to show him offline, asserted ≤ 5 s. */
async function cutAndMeasure(ana: Person, bruno: Person, what: string): Promise<number> {
  const cut = Date.now();
  await bruno.context.setOffline(true);
  await expect(status(ana)).toHaveAttribute('data-state', 'offline', { timeout: OFFLINE_WITHIN_MS });
  const took = Date.now() - cut;
  measure(what, took);
  expect(took).toBeLessThanOrEqual(OFFLINE_WITHIN_MS);
  return took;
}

for (const afterMs of [1_000, 3_000, 10_000]) {
  test(`network lost ${afterMs / 1000} s after joining → offline within 5 s`, async () => {
    const ana = await person('ana');
    const bruno = await person('bruno');
    try {
      const joined = await join(ana, bruno);
      const wait = joined + afterMs - Date.now();
      expect(wait, 'the partner was online before the cut was due').toBeGreaterThan(0);
      await bruno.page.waitForTimeout(wait); // the scenario's point in time, not a wait for a state
      await cutAndMeasure(ana, bruno, `network lost ${afterMs / 1000} s after joining → offline`);
      // His network back: online again.
      await bruno.context.setOffline(false);
      await expect(status(ana)).toHaveAttribute('data-state', 'online', { timeout: 30_000 });
    } finally {
      await closeAll(ana, bruno);
    }
  });
}

test('network lost right after typing, and right after the tab was shown again → offline within 5 s', async () => {
  const ana = await person('ana');
  const bruno = await person('bruno');
  try {
    await join(ana, bruno);
    const indicator = ana.page.getByTestId('typing-indicator');
    await bruno.page.getByTestId('message-input').pressSequentially('hola', { delay: 30 });
    await expect(indicator).toBeVisible();
    await cutAndMeasure(ana, bruno, 'network lost right after typing → offline');
    await expect(indicator).toHaveCount(0);

    await bruno.context.setOffline(false);
    await expect(status(ana)).toHaveAttribute('data-state', 'online', { timeout: 30_000 });
    // Hidden: the tab promises a slower beat; shown again it beats at once with the short one.
    await setHidden(bruno.page, true);
    await expect(status(ana)).toHaveAttribute('data-state', 'away');
    await setHidden(bruno.page, false);
    await expect(status(ana)).toHaveAttribute('data-state', 'online');
    await cutAndMeasure(ana, bruno, 'network lost right after the tab was shown again → offline');
  } finally {
    await closeAll(ana, bruno);
  }
});

test('while I am offline the partner is unknown, last seen …; known again when I am back', async () => {
  const ana = await person('ana');
  const bruno = await person('bruno');
  try {
    await join(ana, bruno);
    await expect(status(ana)).toHaveAttribute('data-known', 'true');
    const cut = Date.now();
    await ana.context.setOffline(true);
    // docs/contracts.md §5 keeps data-state to its list: `offline`, never a stale `online`.
    await expect(status(ana)).toHaveAttribute('data-known', 'false');
    measure('own network lost → partner unknown', Date.now() - cut);
    await expect(status(ana)).toHaveAttribute('data-state', 'offline');
    await expect(status(ana)).toContainText('Bruno');
    await expect(status(ana)).toContainText(/unknown, last seen \d{1,2}:\d{2}/);
    await expect(ana.page.getByTestId('connection-status')).not.toHaveAttribute('data-state', 'connected');
    for (const [size, viewport] of [
      ['desktop', { width: 1280, height: 800 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      await ana.page.setViewportSize(viewport);
      await screenshot(ana, `presence-unknown-last-seen-${size}.png`);
    }

    const back = Date.now();
    await ana.context.setOffline(false);
    await expect(status(ana)).toHaveAttribute('data-known', 'true', { timeout: 30_000 });
    await expect(status(ana)).toHaveAttribute('data-state', 'online');
    measure('own network back → partner online', Date.now() - back);
  } finally {
    await closeAll(ana, bruno);
  }
});
