// Joining without guesswork (issue #11 item 5, docs/contracts.md §3 `preview_session`, §5
// `invite`): the link `/s/CODE` checks the code before any form — an unknown, expired or full
// session is explained at once, an open one shows who invites and in which language; codes work
// with spaces, dashes and lower case; the session page folds the code and link away once the
// partner is in, and "Copy link" says it copied, then reads "Copy link" again.

import { chromium, test } from '@playwright/test';
import { closeAll, expect, launchOptions, person, screenshot, type Person } from '../support/browsers';
import { createSession, joinByLink } from '../support/app';
import { startExtraServer } from '../support/extra-server';
import { msg } from '../support/i18n';

const SIZES = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** `K7M2QX` as a person might type or paste it: `k7m-2qx`. */
const loosely = (code: string) => `${code.slice(0, 3).toLowerCase()}-${code.slice(3).toLowerCase()}`;

test('an open session\'s link shows who invites, in which language, before the form', async () => {
  const ana = await person('ana');
  const seen: Person[] = [];
  try {
    const code = await createSession(ana.page, 'Ana', 'en');
    for (const [size, viewport] of Object.entries(SIZES)) {
      const bruno = await person(`bruno-${size}`, { viewport });
      seen.push(bruno);
      await bruno.page.goto(`/s/${code}`);
      const invite = bruno.page.getByTestId('invite');
      await expect(invite).toHaveText(msg('en', 'join-invite', { name: 'Ana', language: msg('en', 'lang-en') }));
      await expect(invite).toHaveText('Ana (English) invites you');
      // The form is there, under the invite, and nobody has joined yet.
      await expect(bruno.page.getByTestId('display-name')).toBeVisible();
      await expect(bruno.page.getByTestId('join-session')).toBeVisible();
      await expect(ana.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'waiting');
      await screenshot(bruno, `join-invite-${size}.png`);
    }
    // In the newcomer's own language.
    const lucia = await person('lucia', { locale: 'es-ES' });
    seen.push(lucia);
    await lucia.page.goto(`/s/${code}`);
    await expect(lucia.page.getByTestId('invite')).toHaveText(
      msg('es', 'join-invite', { name: 'Ana', language: msg('es', 'lang-en') }),
    );
  } finally {
    await closeAll(ana, ...seen);
  }
});

test('unknown, expired and full codes are explained at once, above the form the contract keeps', async () => {
  test.setTimeout(90_000);
  const people: Person[] = [];
  const short = await startExtraServer('join-ttl', ['--session-ttl-secs', '3']);
  try {
    // Unknown: at both sizes.
    for (const [size, viewport] of Object.entries(SIZES)) {
      const carla = await person(`carla-${size}`, { viewport });
      people.push(carla);
      await carla.page.goto('/s/ZZZZZZ');
      const error = carla.page.getByTestId('error');
      await expect(error).toHaveAttribute('data-code', 'session_not_found');
      await expect(error).toHaveText(msg('en', 'join-not-found-text'));
      await expect(carla.page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'join-not-found-title'));
      await expect(carla.page.getByRole('link', { name: msg('en', 'app-start-over') })).toBeVisible();
      await screenshot(carla, `join-unknown-code-${size}.png`);
      // The form stays (docs/contracts.md §5); submitting it gets the same answer, in the one
      // error element.
      await carla.page.getByTestId('display-name').fill('Carla');
      await carla.page.getByTestId('join-session').click();
      await expect(error).toHaveAttribute('data-code', 'session_not_found');
      await expect(carla.page.getByTestId('error')).toHaveCount(1);
    }
    // Something that can never be a code.
    const dora = await person('dora');
    people.push(dora);
    await dora.page.goto('/s/hello');
    await expect(dora.page.getByTestId('error')).toHaveAttribute('data-code', 'session_not_found');

    // Full: two people are in it.
    const ana = await person('ana');
    const bruno = await person('bruno');
    people.push(ana, bruno);
    const code = await createSession(ana.page, 'Ana', 'en');
    await joinByLink(bruno.page, code, 'Bruno', 'es');
    await dora.page.goto(`/s/${code}`);
    await expect(dora.page.getByTestId('error')).toHaveAttribute('data-code', 'session_full');
    await expect(dora.page.getByTestId('error')).toHaveText(msg('en', 'join-full-text'));
    await expect(dora.page.getByTestId('invite')).toHaveCount(0);

    // Expired: a server whose sessions live 3 s. Its link shows the invite while the session
    // lives, and says it has ended once it has.
    const browser = await chromium.launch(launchOptions);
    const context = await browser.newContext({ baseURL: short.url, viewport: SIZES.desktop });
    const eva = { name: 'eva', browser, context, page: await context.newPage() };
    people.push(eva);
    const ttlCode = await createSession(eva.page, 'Eva', 'de');
    const browser2 = await chromium.launch(launchOptions);
    const context2 = await browser2.newContext({ baseURL: short.url, viewport: SIZES.desktop });
    const finn = { name: 'finn', browser: browser2, context: context2, page: await context2.newPage() };
    people.push(finn);
    await expect(async () => {
      await finn.page.goto(`/s/${ttlCode}`);
      await expect(finn.page.getByTestId('error')).toHaveAttribute('data-code', 'session_expired', { timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await expect(finn.page.getByTestId('error')).toHaveText(msg('en', 'join-expired-text'));
    await expect(finn.page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'join-expired-title'));
    await screenshot(finn, 'join-expired-desktop.png');
  } finally {
    await closeAll(...people);
    await short.stop();
  }
});

test('codes work with spaces, dashes and lower case, in the link and on the home page', async () => {
  const ana = await person('ana');
  const bruno = await person('bruno');
  const carla = await person('carla');
  const dan = await person('dan');
  try {
    // The link: `/s/k7m-2qx` becomes `/s/K7M2QX`, with the invite and a working form.
    const code = await createSession(ana.page, 'Ana', 'en');
    await bruno.page.goto(`/s/${loosely(code)}`);
    await expect(bruno.page).toHaveURL(new RegExp(`/s/${code}$`));
    await expect(bruno.page.getByTestId('invite')).toHaveText(
      msg('en', 'join-invite', { name: 'Ana', language: msg('en', 'lang-en') }),
    );
    await bruno.page.getByTestId('display-name').fill('Bruno');
    await bruno.page.getByTestId('language-select').selectOption('es');
    await bruno.page.getByTestId('join-session').click();
    await expect(bruno.page.getByTestId('session-code')).toHaveText(code);
    await expect(ana.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'online');

    // The home page's code field: ` k7m - 2qx `.
    const other = await createSession(carla.page, 'Carla', 'fr');
    await dan.page.goto('/');
    await dan.page.getByTestId('display-name').fill('Dan');
    await dan.page.getByTestId('language-select').selectOption('nl');
    await dan.page.getByTestId('join-code').fill(` ${other.slice(0, 3).toLowerCase()} - ${other.slice(3).toLowerCase()} `);
    await dan.page.getByTestId('join-session').click();
    await expect(dan.page).toHaveURL(new RegExp(`/s/${other}$`));
    await expect(dan.page.getByTestId('session-code')).toHaveText(other);
    await expect(carla.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'online');
  } finally {
    await closeAll(ana, bruno, carla, dan);
  }
});

test('the code and link fold away once the partner joins; "Copy link" says so, then resets', async () => {
  const ana = await person('ana', { viewport: SIZES.desktop });
  const bruno = await person('bruno');
  try {
    await ana.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const code = await createSession(ana.page, 'Ana', 'en');
    const link = ana.page.locator('.code-box .link');
    const copy = ana.page.getByTestId('copy-link');
    // Waiting: everything needed to invite is in sight.
    await expect(link).toBeVisible();
    await expect(link).toHaveText(new RegExp(`/s/${code}$`));
    await expect(copy).toHaveText(msg('en', 'session-copy-link'));

    await copy.click();
    const copiedAt = Date.now();
    await expect(copy).toHaveText(msg('en', 'session-copied'));
    await expect(copy).toHaveAttribute('data-state', 'copied');
    expect(await ana.page.evaluate(() => navigator.clipboard.readText())).toMatch(new RegExp(`/s/${code}$`));
    await expect(copy).toHaveText(msg('en', 'session-copy-link'), { timeout: 5_000 });
    const shownMs = Date.now() - copiedAt;
    console.log(`[measure] "Copied" shown for ${shownMs} ms`);
    expect(shownMs).toBeGreaterThanOrEqual(1_500);

    // The partner joins: the link folds into "Invite details"; the code stays in sight.
    await joinByLink(bruno.page, code, 'Bruno', 'es');
    await expect(ana.page.getByTestId('partner-status')).toHaveAttribute('data-state', 'online');
    await expect(link).toBeHidden();
    await expect(copy).toBeHidden();
    await expect(ana.page.getByTestId('session-code')).toBeVisible();
    await expect(ana.page.getByTestId('session-code')).toHaveText(code);
    await screenshot(ana, 'join-invite-folded-desktop.png');
    // Still one click away.
    await ana.page.getByText(msg('en', 'join-invite-details')).click();
    await expect(link).toBeVisible();
    await expect(copy).toBeVisible();
  } finally {
    await closeAll(ana, bruno);
  }
});
