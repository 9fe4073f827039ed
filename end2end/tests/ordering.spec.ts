import { test } from '@playwright/test';
import { closeAll, expect, person, type Person } from '../support/browsers';
import { expectOriginals, sendFast, startConversation, timeline } from '../support/app';

let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
});

test('ordering: a 30-message burst and more while offline arrive in the sender order', async () => {
  ana = await person('ana');
  bruno = await person('bruno');
  const code = await startConversation(ana.page, bruno.page, 'en', 'es');

  const burst = Array.from({ length: 30 }, (_, i) => `burst ${String(i + 1).padStart(2, '0')}`);
  for (const text of burst) await sendFast(ana.page, text);
  await ana.context.setOffline(true);
  await expect(ana.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'disconnected');
  const offline = Array.from({ length: 5 }, (_, i) => `offline ${i + 1}`);
  for (const text of offline) await sendFast(ana.page, text);
  await ana.context.setOffline(false);

  const all = [...burst, ...offline];
  await expectOriginals(bruno.page, all, 45_000);
  await expectOriginals(ana.page, all, 45_000);
  await expect(ana.page.getByTestId('queue-count')).toHaveCount(0);
  const a = await timeline(ana.page);
  const b = await timeline(bruno.page);
  expect(b.map((m) => m.id)).toEqual(a.map((m) => m.id));
  expect(new Set(b.map((m) => m.id)).size).toBe(all.length);
});
