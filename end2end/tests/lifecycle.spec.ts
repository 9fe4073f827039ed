// The session's life (docs/contracts.md §3, §5): leaving (with the outbox flushed first, or discarded
// only when the user agrees), join errors answered on the form (unknown code, full, expired),
// expiry (a countdown in the last hour, sending refused, history kept), and one identity across
// two tabs of a browser. Delays from cause to the partner's screen print as `[measure] ...`.
import { chromium, test } from '@playwright/test';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeAll, expect, launchOptions, person, REPO_ROOT, screenshot, type Person } from '../support/browsers';
import { answerLeave, createSession, expectConnected, joinByCode, joinByLink, sendFast } from '../support/app';
import { healthy, launch, readState } from '../support/server';
import { msg } from '../support/i18n';

const status = (p: Person) => p.page.getByTestId('partner-status');

function measure(what: string, ms: number) {
  console.log(`[measure] ${what}: ${ms} ms`);
}

async function pair(at?: string): Promise<[Person, Person, string]> {
  const ana = await personAt('ana', at);
  const bruno = await personAt('bruno', at);
  const code = await createSession(ana.page, 'Ana', 'en');
  await joinByLink(bruno.page, code, 'Bruno', 'es');
  await expect(status(ana)).toHaveAttribute('data-state', 'online');
  await expect(status(bruno)).toHaveAttribute('data-state', 'online');
  return [ana, bruno, code];
}

/** A person on the suite's server, or on another one (`url`). */
async function personAt(name: string, url?: string): Promise<Person> {
  if (!url) return person(name);
  const browser = await chromium.launch(launchOptions);
  const context = await browser.newContext({ baseURL: url, viewport: { width: 420, height: 820 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[${name}] page error: ${e.message}`));
  return { name, browser, context, page };
}

/** A second session-server (fresh database, free port) whose sessions live `ttlSecs`. */
async function shortLivedServer(ttlSecs: number): Promise<{ url: string; stop: () => void }> {
  const main = readState();
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const url = `http://127.0.0.1:${port}`;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'session-e2e-ttl-'));
  const logs = path.join(REPO_ROOT, 'artifacts', 'logs');
  mkdirSync(logs, { recursive: true });
  const serveDir = main.args[main.args.indexOf('--serve-dir') + 1];
  const args = ['--serve-dir', serveDir, '--db', path.join(tmp, 'e2e.db'), '--addr', `127.0.0.1:${port}`,
    '--session-ttl-secs', String(ttlSecs)];
  const pid = launch(main.bin, args, path.join(logs, 'end2end-ttl-server.log'));
  const deadline = Date.now() + 30_000;
  while (!(await healthy(url))) {
    if (Date.now() > deadline) throw new Error(`short-lived server not healthy at ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () => {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}

test('leave: the partner sees "left" at once; the leaver is home and no longer a member', async () => {
  const [ana, bruno, code] = await pair();
  try {
    await sendFast(bruno.page, 'Hasta luego');
    // Nothing unsent: `leave-session`, confirmed when asked, leaves.
    const t = Date.now();
    const question = await answerLeave(bruno.page, true);
    expect(question).toContain(msg('es', 'chat-leave-title'));
    await expect(status(ana)).toHaveAttribute('data-state', 'left');
    measure('leave → left (partner)', Date.now() - t);
    await expect(status(ana)).toContainText('left');
    await expect(bruno.page).toHaveURL(/\/$/);
    // What was said stays on Ana's side.
    await expect(ana.page.getByTestId('message').filter({ hasText: 'Hasta luego' })).toHaveCount(1);
    await screenshot(ana, 'lifecycle-left-ana.png');
    await screenshot(bruno, 'lifecycle-left-bruno.png');
    // The stored membership is gone: the link now shows the join form.
    await bruno.page.goto(`/s/${code}`);
    await expect(bruno.page.getByTestId('display-name')).toBeVisible();
    await expect(bruno.page.getByTestId('session-code')).toHaveCount(0);
  } finally {
    await closeAll(ana, bruno);
  }
});

test('leave with an unsent outbox: offline asks before discarding; online flushes it first', async () => {
  const [ana, bruno] = await pair();
  try {
    await ana.context.setOffline(true);
    await sendFast(ana.page, 'written offline');
    await expect(ana.page.getByTestId('queue-count')).toHaveText('1');
    // Offline, the question says the unsent message would be discarded; staying keeps it.
    const question = await answerLeave(ana.page, false);
    expect(question).toMatch(/offline: 1 message not sent yet will be discarded/i);
    await expect(ana.page.getByTestId('session-code')).toBeVisible();
    await expect(ana.page.getByTestId('queue-count')).toHaveText('1');
    await expect(ana.page.getByTestId('leave-session')).toBeEnabled();

    // Back online and leaving straight away: the queued message goes out first.
    await ana.context.setOffline(false);
    await answerLeave(ana.page, true);
    await expect(ana.page).toHaveURL(/\/$/, { timeout: 15_000 });
    await expect(bruno.page.getByTestId('message').filter({ hasText: 'written offline' })).toHaveCount(1);
    await expect(status(bruno)).toHaveAttribute('data-state', 'left');
  } finally {
    await closeAll(ana, bruno);
  }
});

test('join errors are answered on the form (unknown code, full session) and on the link at once', async () => {
  const [ana, bruno, code] = await pair();
  const carla = await person('carla');
  try {
    await carla.page.goto('/');
    await carla.page.getByTestId('display-name').fill('Carla');
    await carla.page.getByTestId('language-select').selectOption('fr');
    await carla.page.getByTestId('join-code').fill('zzzzzz');
    await carla.page.getByTestId('join-session').click();
    await expect(carla.page.getByTestId('error')).toHaveAttribute('data-code', 'session_not_found');
    await expect(carla.page.getByTestId('error')).toContainText(msg('fr', 'error-session-not-found'));
    await screenshot(carla, 'lifecycle-unknown-code.png');

    // Typed on the home page, the code of a full session is refused on the form…
    await carla.page.getByTestId('join-code').fill(code);
    await carla.page.getByTestId('join-session').click();
    await expect(carla.page.getByTestId('error')).toHaveAttribute('data-code', 'session_full');
    await expect(carla.page.getByTestId('error')).toContainText(msg('fr', 'error-session-full'));
    await screenshot(carla, 'lifecycle-full.png');
    // …and its link says so at once (join.spec.ts); its form gets the same answer.
    await carla.page.goto(`/s/${code}`);
    await expect(carla.page.getByTestId('error')).toHaveAttribute('data-code', 'session_full');
    await carla.page.getByTestId('display-name').fill('Carla');
    await carla.page.getByTestId('join-session').click();
    await expect(carla.page.getByTestId('error')).toHaveAttribute('data-code', 'session_full');
  } finally {
    await closeAll(ana, bruno, carla);
  }
});

test('expiry: a countdown, then sending is refused with a clear message and history stays', async () => {
  test.setTimeout(120_000);
  const server = await shortLivedServer(15);
  const [ana, bruno, code] = await pair(server.url);
  const carla = await personAt('carla', server.url);
  try {
    await sendFast(ana.page, 'Before the end');
    await expect(bruno.page.getByTestId('message').filter({ hasText: 'Before the end' })).toHaveCount(1);
    const expiry = ana.page.getByTestId('session-expiry');
    await expect(expiry).toContainText(/Expires in \d+ s/);
    await screenshot(ana, 'lifecycle-expiring-ana.png');

    await expect(expiry).toHaveAttribute('data-expired', 'true', { timeout: 20_000 });
    for (const [p, lang] of [[ana, 'en'], [bruno, 'es']] as const) {
      await expect(p.page.getByTestId('error')).toContainText(msg(lang, 'session-expired-error'));
    }
    await screenshot(bruno, 'lifecycle-expired-bruno.png');

    await sendFast(ana.page, 'After the end');
    const refused = ana.page.getByTestId('message').filter({ hasText: 'After the end' });
    await expect(refused).toHaveAttribute('data-status', 'failed');
    await expect(ana.page.getByTestId('error')).toContainText(/expired/i);
    await screenshot(ana, 'lifecycle-expired-send-ana.png');

    // Nothing said before is lost, even after a reload.
    await bruno.page.reload();
    await expect(bruno.page.getByTestId('message').filter({ hasText: 'Before the end' })).toHaveCount(1);
    await expect(bruno.page.getByTestId('error')).toContainText(msg('es', 'session-expired-error'));

    await joinByCodeExpectingError(carla, code);
    await expect(carla.page.getByTestId('error')).toHaveAttribute('data-code', 'session_expired');
    await screenshot(carla, 'lifecycle-expired-join.png');
  } finally {
    await closeAll(ana, bruno, carla);
    server.stop();
  }
});

async function joinByCodeExpectingError(p: Person, code: string) {
  await p.page.goto('/');
  await p.page.getByTestId('display-name').fill('Carla');
  await p.page.getByTestId('language-select').selectOption('fr');
  await p.page.getByTestId('join-code').fill(code);
  await p.page.getByTestId('join-session').click();
}

test('two tabs of one browser are the same person; closing both shows offline', async () => {
  const ana = await person('ana');
  const bruno = await person('bruno');
  try {
    const code = await createSession(ana.page, 'Ana', 'en');
    const second = await ana.context.newPage();
    await second.goto(`/s/${code}`);
    // No join form: the stored membership and supabase-js's shared session open it directly.
    await expect(second.getByTestId('session-code')).toHaveText(code);
    await expectConnected(second);
    await sendFast(second, 'from the second tab');
    const mine = ana.page.getByTestId('message').filter({ hasText: 'from the second tab' });
    await expect(mine).toHaveAttribute('data-own', 'true');
    await expect(status(ana)).toHaveAttribute('data-state', 'waiting');

    await joinByCode(bruno.page, code, 'Bruno', 'es');
    await expect(status(bruno)).toHaveAttribute('data-state', 'online');
    await expect(bruno.page.getByTestId('message').filter({ hasText: 'from the second tab' })).toHaveAttribute('data-own', 'false');
    await screenshot(ana, 'lifecycle-two-tabs-ana.png');

    // One tab closes: Ana is still there. Both close: offline.
    await second.close();
    await bruno.page.waitForTimeout(1500);
    await expect(status(bruno)).toHaveAttribute('data-state', 'online');
    const t = Date.now();
    await ana.page.close();
    await expect(status(bruno)).toHaveAttribute('data-state', 'offline', { timeout: 10_000 });
    measure('last tab closed → offline', Date.now() - t);
    await screenshot(bruno, 'lifecycle-two-tabs-closed-bruno.png');
  } finally {
    await closeAll(ana, bruno);
  }
});
