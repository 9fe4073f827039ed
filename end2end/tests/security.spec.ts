import { test } from '@playwright/test';
import { closeAll, expect, person, screenshot, type Person } from '../support/browsers';
import { send, startConversation } from '../support/app';

// The Content-Security-Policy session-server sends with the built app must let the whole app run
// (the wasm start-up module, supabase-js, the realtime WebSocket, the service worker) while
// blocking anything else; a violation here means the policy and the build disagree.
let ana: Person | undefined;
let bruno: Person | undefined;
test.afterEach(async () => {
  await closeAll(ana, bruno);
  ana = bruno = undefined;
});

async function recordViolations(p: Person) {
  await p.context.addInitScript(() => {
    (window as any).__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as any).__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}

test('the app runs whole under its Content-Security-Policy, with no violation', async () => {
  ana = await person('ana');
  bruno = await person('bruno');
  await recordViolations(ana);
  await recordViolations(bruno);

  const home = await ana.page.request.get('/');
  const csp = home.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(home.headers()['referrer-policy']).toBe('no-referrer');
  expect(home.headers()['x-content-type-options']).toBe('nosniff');

  await startConversation(ana.page, bruno.page, 'en', 'es');
  await send(ana.page, 'Good morning');
  await send(bruno.page, 'Buenos días');
  for (const side of [ana, bruno]) {
    await expect(side.page.getByTestId('message')).toHaveCount(2);
    await expect(side.page.getByTestId('message').first()).toHaveAttribute('data-translation', 'done');
    // The offline shell's worker installs and caches the app under the policy too.
    await side.page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  }
  const own = ana.page.getByTestId('message').first();
  await expect(own).toHaveAttribute('data-status', /^(delivered|read)$/);

  for (const side of [ana, bruno]) {
    const violations = await side.page.evaluate(() => (window as any).__cspViolations as string[]);
    expect(violations, `${side.name}'s page reported CSP violations`).toEqual([]);
  }
  await screenshot(ana, 'security-csp-conversation.png');
});
