import { expect, type Page } from '@playwright/test';

export const CODE_RE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/;

async function fillProfile(page: Page, name: string, language: string) {
  await page.getByTestId('display-name').fill(name);
  await page.getByTestId('language-select').selectOption(language);
}

/** Home → create a session; returns its code once the session view shows it. */
export async function createSession(page: Page, name: string, language: string): Promise<string> {
  await page.goto('/');
  await fillProfile(page, name, language);
  await page.getByTestId('create-session').click();
  await expect(page).toHaveURL(/\/s\/[A-Z0-9]{6}$/);
  const code = page.getByTestId('session-code');
  await expect(code).toHaveText(CODE_RE);
  return (await code.textContent())!.trim();
}

/** Opens the link `/s/CODE` as a newcomer and joins from the form shown there. */
export async function joinByLink(page: Page, code: string, name: string, language: string) {
  await page.goto(`/s/${code}`);
  await fillProfile(page, name, language);
  await page.getByTestId('join-session').click();
  await expect(page.getByTestId('session-code')).toHaveText(code);
}

/** Home → type the code → join. */
export async function joinByCode(page: Page, typed: string, name: string, language: string) {
  await page.goto('/');
  await fillProfile(page, name, language);
  await page.getByTestId('join-code').fill(typed);
  await page.getByTestId('join-session').click();
  await expect(page.getByTestId('session-code')).toHaveText(typed.trim().toUpperCase());
}

/** Types into the composer and presses Enter (lines joined with Shift+Enter). */
export async function send(page: Page, text: string) {
  const input = page.getByTestId('message-input');
  const lines = text.split('\n');
  await input.click();
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) await input.press('Shift+Enter');
    await input.pressSequentially(lines[i]);
  }
  await input.press('Enter');
  await expect(input).toHaveValue('');
}

/** What one side shows: per message, its id, whether it is own, and its original text. */
export async function timeline(page: Page) {
  return page.getByTestId('message').evaluateAll((els) =>
    els.map((el) => ({
      id: el.getAttribute('data-id'),
      own: el.getAttribute('data-own'),
      original: el.querySelector('[data-testid="message-original"]')?.textContent ?? '',
    })),
  );
}

export async function expectConnected(page: Page) {
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
}

/** Ana creates a session, Bruno joins by link, and both are connected; returns the code. */
export async function startConversation(ana: Page, bruno: Page, anaLanguage: string, brunoLanguage: string): Promise<string> {
  const code = await createSession(ana, 'Ana', anaLanguage);
  await joinByLink(bruno, code, 'Bruno', brunoLanguage);
  await expectConnected(ana);
  await expectConnected(bruno);
  return code;
}

/** Types a whole message at once and presses Enter (for bursts); returns when Enter went
 * down (`Date.now()`), for delays measured against `arrivals`. */
export async function sendFast(page: Page, text: string): Promise<number> {
  const input = page.getByTestId('message-input');
  await input.fill(text);
  const at = Date.now();
  await input.press('Enter');
  await expect(input).toHaveValue('');
  return at;
}

/**
 * From now on, notes when (`Date.now()` in the page, the same clock as the test's) each message
 * first shows on this page and, for own messages, when the server first has it (status `sent`
 * or later), by original text. Read with `arrivals`.
 */
export async function recordArrivals(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __arrived: Record<string, number>; __stored: Record<string, number> };
    w.__arrived = {};
    w.__stored = {};
    const note = () => {
      for (const el of document.querySelectorAll('[data-testid="message"]')) {
        const text = el.querySelector('[data-testid="message-original"]')?.textContent ?? '';
        w.__arrived[text] ??= Date.now();
        if (/^(sent|delivered|read)$/.test(el.getAttribute('data-status') ?? '')) w.__stored[text] ??= Date.now();
      }
    };
    note();
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['data-status'],
    });
  });
}

/** What `recordArrivals` noted: when each message showed, and when each own one was stored. */
export async function arrivals(page: Page): Promise<{ shown: Record<string, number>; stored: Record<string, number> }> {
  return page.evaluate(() => {
    const w = window as unknown as { __arrived: Record<string, number>; __stored: Record<string, number> };
    return { shown: w.__arrived, stored: w.__stored };
  });
}

/** From now on, notes every `data-status` each own message takes, with when (`Date.now()`).
 * Read with `statusHistory`. */
export async function recordStatuses(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __status: Record<string, { status: string; at: number }[]> };
    w.__status = {};
    const note = () => {
      for (const el of document.querySelectorAll('[data-testid="message"][data-own="true"]')) {
        const id = el.getAttribute('data-id');
        const status = el.getAttribute('data-status');
        if (!id || !status) continue;
        const seen = (w.__status[id] ??= []);
        if (seen[seen.length - 1]?.status !== status) seen.push({ status, at: Date.now() });
      }
    };
    note();
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-status', 'data-id'],
    });
  });
}

export async function statusHistory(page: Page, id: string): Promise<{ status: string; at: number }[]> {
  return page.evaluate((id) => (window as unknown as { __status: Record<string, { status: string; at: number }[]> }).__status[id] ?? [], id);
}

/** Original texts in display order. */
export async function originals(page: Page): Promise<string[]> {
  return page
    .getByTestId('message')
    .evaluateAll((els) => els.map((el) => el.querySelector('[data-testid="message-original"]')?.textContent ?? ''));
}

/** `data-status` of each message in display order. */
export async function statuses(page: Page): Promise<(string | null)[]> {
  return page.getByTestId('message').evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
}

/** Waits until the page shows exactly these originals, in this order. */
export async function expectOriginals(page: Page, expected: string[], timeout = 30_000) {
  await expect.poll(() => originals(page), { timeout }).toEqual(expected);
}

/** Hidden/visible as a background tab reports it (headless Chromium never hides a page): what
 * the app listens to is `visibilitychange` and `document.visibilityState`. */
export async function setHidden(page: Page, hidden: boolean) {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

/**
 * Counts the replies to this page's realtime heartbeats, per socket, from now on (install it
 * before the page opens its socket). The server learns a socket's heartbeat cadence from its
 * first beat (docs/features/presence.md), so a lost network is noticed fast only after one.
 */
export function watchHeartbeats(page: Page): () => number {
  let current = 0;
  page.on('websocket', (ws) => {
    if (!/\/realtime\/v1\//.test(ws.url())) return;
    current = 0;
    ws.on('framereceived', (f) => {
      const text = typeof f.payload === 'string' ? f.payload : '';
      if (/"phoenix"/.test(text) && /"phx_reply"/.test(text)) current++;
    });
  });
  return () => current;
}

/** Clicks `leave-session` and answers the browser's confirmation (accept or stay); returns the
 * question it asked. */
export async function answerLeave(page: Page, accept: boolean): Promise<string> {
  const asked = page.waitForEvent('dialog');
  // The click resolves only once the dialog is answered, so it is not awaited first.
  const click = page.getByTestId('leave-session').click();
  const dialog = await asked;
  const question = dialog.message();
  await (accept ? dialog.accept() : dialog.dismiss());
  await click;
  return question;
}

/**
 * Reloads the session page as a first open: the engine's saved state (`st:sync:…`) is removed
 * first, so nothing is restored and the history comes from the server. Returns the milliseconds
 * from navigation start until the message `newestId` is on screen and the composer takes
 * input (checked every animation frame).
 */
export async function reopenWithoutSavedState(page: Page, newestId: string): Promise<number> {
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('st:sync:')) localStorage.removeItem(key);
  });
  await page.reload({ waitUntil: 'commit' });
  const ready = await page.waitForFunction(
    (id) => {
      const shown = document.querySelector(`[data-testid="message"][data-id="${id}"]`);
      const input = document.querySelector('[data-testid="message-input"]') as HTMLTextAreaElement | null;
      return shown && input && !input.disabled ? performance.now() : false;
    },
    newestId,
    { polling: 'raf', timeout: 30_000 },
  );
  return Math.round((await ready.jsonValue()) as number);
}
