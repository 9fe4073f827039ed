import { test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { closeAll, expect, person, screenshot, SCREENSHOTS, type Person } from '../support/browsers';
import { answerLeave, CODE_RE, createSession, expectConnected, joinByCode, joinByLink, send, startConversation, timeline } from '../support/app';
import { msg } from '../support/i18n';

// Two people in two separate Chromium browsers, each with its own anonymous user.
let ana: Person | undefined;
let bruno: Person | undefined;
let carla: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno, carla);
  ana = bruno = carla = undefined;
});

test('create a session, join by link, and talk both ways in order', async () => {
  ana = await person('ana');
  bruno = await person('bruno');

  const code = await createSession(ana.page, 'Ana', 'en');
  expect(code).toMatch(CODE_RE);
  await expectConnected(ana.page);
  await expect(ana.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'waiting');

  await joinByLink(bruno.page, code, 'Bruno', 'es');
  await expect(ana.page.getByTestId('session-code')).toHaveText(code);
  await expect(bruno.page.getByTestId('session-code')).toHaveText(code);
  await expectConnected(bruno.page);
  await expect(ana.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'online');
  await expect(bruno.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'online');

  const script: [Person, string][] = [
    [ana, 'Hello Bruno, how are you?'],
    [bruno, 'Muy bien, gracias. ¿Y tú?'],
    [ana, 'Very well.\nShall we start?'],
    [bruno, 'Sí, empecemos.'],
  ];
  for (const [who, text] of script) {
    await send(who.page, text);
    for (const side of [ana, bruno]) {
      const last = side.page.getByTestId('message').last();
      await expect(last.getByTestId('message-original')).toHaveText(text);
      await expect(last).toHaveAttribute('data-own', String(side === who));
    }
  }

  // Same messages, same order, right sender, on both sides.
  const a = await timeline(ana.page);
  const b = await timeline(bruno.page);
  expect(a.map((m) => m.original)).toEqual(script.map(([, t]) => t));
  expect(b.map((m) => m.id)).toEqual(a.map((m) => m.id));
  expect(a.map((m) => m.own)).toEqual(['true', 'false', 'true', 'false']);
  expect(b.map((m) => m.own)).toEqual(['false', 'true', 'false', 'true']);
  for (const m of a) expect(m.id).toMatch(/^[0-9a-f-]{36}$/);

  // Own messages: the author reads the original; the partner's tab is visible, so they end up read.
  const anasFirst = ana.page.getByTestId('message').first();
  await expect(anasFirst.getByTestId('message-text')).toHaveText(script[0][1]);
  await expect(anasFirst).toHaveAttribute('data-status', 'read');
  await expect(bruno.page.getByTestId('message').nth(1)).toHaveAttribute('data-status', 'read');
  // Different languages: the partner's messages arrive translated (the suite's server runs
  // Apertium), never "none" and never "failed".
  const translated = bruno.page.getByTestId('message').first();
  await expect(translated).toHaveAttribute('data-translation', 'done');
  await expect(translated.getByTestId('message-text')).toContainText('Hola');

  await screenshot(ana, 'by-link-ana.png');
  await screenshot(bruno, 'by-link-bruno.png');
});

test('join by typed code, see typing, survive a reload, and leave', async () => {
  ana = await person('ana');
  bruno = await person('bruno');

  const code = await createSession(ana.page, 'Ana', 'en');
  await joinByCode(bruno.page, ` ${code.toLowerCase()} `, 'Bruno', 'es');
  await expect(bruno.page.getByTestId('session-code')).toHaveText(code);
  await expectConnected(ana.page);
  await expectConnected(bruno.page);
  await expect(ana.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'online');

  // Typing shows on the other side while it lasts.
  await bruno.page.getByTestId('message-input').pressSequentially('Hola');
  await expect(ana.page.getByTestId('typing-indicator')).toBeVisible();
  await bruno.page.getByTestId('message-input').press('Enter');
  await expect(ana.page.getByTestId('typing-indicator')).toHaveCount(0);
  await expect(ana.page.getByTestId('message').last().getByTestId('message-original')).toHaveText('Hola');
  await expect(ana.page.getByTestId('message').last()).toHaveAttribute('data-own', 'false');

  await send(ana.page, 'Hi!');
  await expect(bruno.page.getByTestId('message').last().getByTestId('message-original')).toHaveText('Hi!');
  await expect(bruno.page.getByTestId('message').last()).toHaveAttribute('data-own', 'false');
  await screenshot(ana, 'by-code-ana.png');
  await screenshot(bruno, 'by-code-bruno.png');

  // A reload restores the session (same anonymous user, same history, no join form).
  const before = await timeline(bruno.page);
  await bruno.page.reload();
  await expect(bruno.page.getByTestId('session-code')).toHaveText(code);
  await expect(bruno.page.getByTestId('message')).toHaveCount(before.length);
  expect(await timeline(bruno.page)).toEqual(before);
  await expectConnected(bruno.page);

  // A third person is turned away: two per session.
  carla = await person('carla');
  await carla.page.goto('/');
  await carla.page.getByTestId('display-name').fill('Carla');
  await carla.page.getByTestId('join-code').fill(code);
  await carla.page.getByTestId('join-session').click();
  await expect(carla.page.getByTestId('error')).toContainText(/two people/i);

  // Leaving (confirmed when asked) takes Ana home; Bruno sees that she left.
  await answerLeave(ana.page, true);
  await expect(ana.page).toHaveURL(/\/$/);
  await expect(ana.page.getByTestId('create-session')).toBeVisible();
  await expect(bruno.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'left');
});

test('an unknown code shows an error, on the home page and at its link', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('display-name').fill('Carla');
  await page.getByTestId('language-select').selectOption('es');
  await page.getByTestId('join-code').fill('ZZZZZZ');
  await page.getByTestId('join-session').click();
  await expect(page.getByTestId('error')).toBeVisible();
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'session_not_found');
  // In the language the user picked.
  await expect(page.getByTestId('error')).toContainText(msg('es', 'error-session-not-found'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'home-unknown-code.png'), fullPage: true });

  // The link of an unknown code says so at once (join.spec.ts), and the form still answers.
  await page.goto('/s/ZZZZZZ');
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'session_not_found');
  await page.getByTestId('display-name').fill('Carla');
  await page.getByTestId('join-session').click();
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'session_not_found');
});

test('offline: messages wait in the outbox and go out when the network is back', async () => {
  ana = await person('ana');
  bruno = await person('bruno');
  const code = await startConversation(ana.page, bruno.page, 'en', 'en');

  await ana.context.setOffline(true);
  await expect(ana.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'disconnected');
  await send(ana.page, 'first while offline');
  await send(ana.page, 'second while offline');
  const mine = ana.page.getByTestId('message');
  await expect(mine).toHaveCount(2);
  await expect(mine.nth(0)).toHaveAttribute('data-status', 'pending');
  await expect(mine.nth(1)).toHaveAttribute('data-status', 'pending');
  await expect(ana.page.getByTestId('queue-count')).toHaveText('2');

  await ana.context.setOffline(false);
  await expect(ana.page.getByTestId('queue-count')).toHaveCount(0);
  await expectConnected(ana.page);
  await expect(mine.nth(1)).toHaveAttribute('data-status', /^(sent|delivered|read)$/);
  const theirs = bruno.page.getByTestId('message');
  await expect(theirs).toHaveCount(2);
  await expect(theirs.nth(0).getByTestId('message-original')).toHaveText('first while offline');
  await expect(theirs.nth(1).getByTestId('message-original')).toHaveText('second while offline');
  // Same language on both sides: nothing to translate.
  await expect(theirs.nth(0)).toHaveAttribute('data-translation', 'none');
  await expect(theirs.nth(0).getByTestId('message-text')).toHaveText('first while offline');
  expect((await timeline(bruno.page)).map((m) => m.id)).toEqual((await timeline(ana.page)).map((m) => m.id));
});
