import { test } from '@playwright/test';
import { closeAll, expect, person, screenshot, type Person } from '../support/browsers';
import { createSession, expectConnected, expectOriginals, joinByLink, sendFast, startConversation } from '../support/app';
import { SocketProxy } from '../support/network';
import { startServer, stopServer } from '../support/server';

let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
});

test('connection status: connecting, connected, reconnecting when the socket is cut, connected again', async () => {
  ana = await person('ana');
  bruno = await person('bruno');
  const code = await createSession(ana.page, 'Ana', 'en');

  // Bruno's socket goes through a proxy that first holds it: the header says "connecting".
  const proxy = await SocketProxy.install(bruno.page, { hold: true });
  await joinByLink(bruno.page, code, 'Bruno', 'en');
  const status = bruno.page.getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-state', 'connecting');
  await expect(status.locator('.spinner')).toBeVisible();
  await screenshot(bruno, 'connection-connecting.png');
  proxy.release();
  await expectConnected(bruno.page);
  await expect(status.locator('.spinner')).toHaveCount(0);
  await screenshot(bruno, 'connection-connected.png');

  // Cut the socket and hold the next one: "reconnecting" until it is let through.
  proxy.hold();
  await proxy.cutAll();
  await expect(status).toHaveAttribute('data-state', 'reconnecting');
  await expect(status.locator('.spinner')).toBeVisible();
  // Messages sent meanwhile go over REST; the partner gets them.
  await sendFast(bruno.page, 'sent while reconnecting');
  await screenshot(bruno, 'connection-reconnecting.png');
  proxy.release();
  await expectConnected(bruno.page);
  await expectOriginals(ana.page, ['sent while reconnecting']);

  // A message from Ana sent while Bruno's socket is down arrives through the catch-up.
  proxy.hold();
  await proxy.cutAll();
  await expect(status).toHaveAttribute('data-state', 'reconnecting');
  await sendFast(ana.page, 'missed by realtime');
  await expect(ana.page.getByTestId('message').last()).toHaveAttribute('data-status', 'sent');
  proxy.release();
  await expectConnected(bruno.page);
  await expectOriginals(bruno.page, ['sent while reconnecting', 'missed by realtime']);

  // Offline: "disconnected".
  await bruno.context.setOffline(true);
  await expect(status).toHaveAttribute('data-state', 'disconnected');
  await screenshot(bruno, 'connection-disconnected.png');
  await bruno.context.setOffline(false);
  await expectConnected(bruno.page);
});

test('the backend restarts mid-conversation: nothing is lost', async () => {
  ana = await person('ana');
  bruno = await person('bruno');
  const code = await startConversation(ana.page, bruno.page, 'en', 'en');
  await sendFast(ana.page, 'before the restart');
  await expectOriginals(bruno.page, ['before the restart']);

  await stopServer();
  await expect(ana.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'reconnecting');
  await sendFast(ana.page, 'during the restart 1');
  await sendFast(ana.page, 'during the restart 2');
  await expect(ana.page.getByTestId('queue-count')).toHaveText('2');
  await screenshot(ana, 'restart-queued.png');
  await startServer();

  await expectConnected(ana.page);
  await expectConnected(bruno.page);
  await expect(ana.page.getByTestId('queue-count')).toHaveCount(0);
  await sendFast(bruno.page, 'after the restart');
  const all = ['before the restart', 'during the restart 1', 'during the restart 2', 'after the restart'];
  await expectOriginals(ana.page, all);
  await expectOriginals(bruno.page, all);
});
