import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { hashSecret } from '@magma/core';
import { E2E } from './e2e/seed.ts';
import { e2eDb, openBrowser, platformUrl, screenshot, signIn, tenantUrl } from './e2e/browser.ts';
import { describeFindings, seriousA11yViolations, watchRequests } from './e2e/a11y.ts';

// Every screen, every brand, every user (#19): axe-core (WCAG 2.2 A/AA) finds no serious or critical
// violation on any page of the operator's, the vendor's and the platform admin's dashboards and the
// sign-in and invitation pages, at 1440×900 and at 390×844 (each page loaded once, audited at both
// sizes), nor on the driver's pages (at 390×844); no page scrolls sideways on a phone or a tablet
// (390×844, 768×1024); dark mode is a switch kept across visits and passes axe too; a tenant's charts
// are drawn in its own brand colour. One browser, one sign-in per user, two tabs of its context at once,
// and axe starts when a page's own requests have ended (no waiting for a network idle that a page
// holding the live event stream never reaches).

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const TABLET = { width: 768, height: 1024 };

const GREEN = { slug: 'a11y-green', admin: 'admin@a11y-green.test', password: 'green-pass-1' };

let browser: Browser;
let db: Db;
let ids: {
  charger: string;
  vendorCharger: string;
  /** A finished session of the green operator (the browser tests' demo tenant has no history). */
  greenSession: string;
  site: string;
  tariff: string;
  week: string | null;
  email: string | null;
  shortCode: string;
};

beforeAll(async () => {
  db = e2eDb();
  browser = await openBrowser();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: E2E.demo.slug } });
  const t = { tenantId: tenant.id };
  const vendorUser = await db.user.findUniqueOrThrow({
    where: { email: E2E.demo.vendor },
    include: { memberships: true },
  });
  const vendorId = vendorUser.memberships.find((m) => m.tenantId === tenant.id)?.vendorId ?? undefined;
  const connector = await db.connector.findFirstOrThrow({
    where: { ...t, shortCode: { not: null }, charger: { protocol: 'OCPP16' } },
    orderBy: { shortCode: 'asc' },
  });
  ids = {
    charger: (await db.charger.findFirstOrThrow({ where: t, orderBy: { identity: 'asc' } })).id,
    vendorCharger: (await db.charger.findFirstOrThrow({ where: { ...t, vendorId }, orderBy: { identity: 'asc' } })).id,
    site: (await db.site.findFirstOrThrow({ where: t, orderBy: { name: 'asc' } })).id,
    tariff: (await db.tariff.findFirstOrThrow({ where: t, orderBy: { name: 'asc' } })).id,
    week: (await db.settlementWeek.findFirst({ where: t, orderBy: { weekStart: 'desc' } }))?.id ?? null,
    email: (await db.emailOutbox.findFirst({ where: t, orderBy: { createdAt: 'desc' } }))?.id ?? null,
    shortCode: connector.shortCode!,
    greenSession: '',
  };

  // A dark-green operator of its own, for the brand-colour checks (nothing else uses it).
  const green = await db.tenant.create({
    data: { slug: GREEN.slug, name: 'Greenline A11y', themeKey: 'greenline', plan: 'OPERATOR_CSMS' },
  });
  const user = await db.user.create({
    data: { email: GREEN.admin, name: 'Green Admin', passwordHash: await hashSecret(GREEN.password) },
  });
  await db.membership.create({ data: { userId: user.id, tenantId: green.id, role: 'OPERATOR_ADMIN' } });
  const g = { tenantId: green.id };
  const site = await db.site.create({
    data: { ...g, name: 'Green Depot', address: '1 Park St', city: 'Pune', state: 'Maharashtra' },
  });
  const charger = await db.charger.create({ data: { ...g, siteId: site.id, identity: 'GRN-001' } });
  const evse = await db.evse.create({ data: { ...g, chargerId: charger.id, evseId: 1 } });
  await db.connector.create({ data: { ...g, chargerId: charger.id, evseRowId: evse.id, evseId: 1, type: 'CCS2' } });
  const startedAt = new Date(Date.now() - 2 * 86_400_000);
  const session = await db.transaction.create({
    data: {
      ...g,
      chargerId: charger.id,
      siteId: site.id,
      evseId: 1,
      ocppTransactionId: 'a11y-1',
      status: 'COMPLETED',
      startedAt,
      stoppedAt: new Date(startedAt.getTime() + 3_600_000),
      meterStartWh: 0,
      meterStopWh: 7_400,
      energyWh: 7_400,
      stopReason: 'Local',
    },
  });
  ids.greenSession = session.id;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
});

type Problems = string[];

/** The page's heading is there (axe itself waits for the data requests and transitions to end). */
async function settle(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor({ timeout: 20_000 });
}

/** Runs every WCAG rule of axe on the page already open, at `size`, and notes what it finds. */
async function audit(page: Page, name: string, problems: Problems, size = DESKTOP): Promise<void> {
  await page.setViewportSize(size);
  const findings = await seriousA11yViolations(page);
  if (findings.length) problems.push(`${name} at ${size.width}×${size.height}\n${describeFindings(findings)}`);
}

/** Sideways scroll at `size`, naming what sticks out (inside a scrolling card is fine). */
async function sidewaysScroll(page: Page, size: { width: number; height: number }): Promise<string | null> {
  await page.setViewportSize(size);
  const { width, wide } = await page.evaluate((w) => {
    return {
      width: document.scrollingElement!.scrollWidth,
      wide: [...document.querySelectorAll('body *')]
        .filter(
          (e) => e.getBoundingClientRect().right > w + 1 && !e.closest('.overflow-x-auto, .overflow-auto, .sr-only'),
        )
        .slice(0, 3)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className.toString().slice(0, 60)}`),
    };
  }, size.width);
  return width > size.width ? `${width}px wide at ${size.width}: ${wide.join(' | ')}` : null;
}

/** A second tab of the same signed-in context, per page, so that two pages are audited at once. */
const partners = new Map<Page, Promise<Page>>();
function partnerOf(page: Page): Promise<Page> {
  let p = partners.get(page);
  if (!p) {
    p = page
      .context()
      .newPage()
      .then((q) => (watchRequests(q), q));
    partners.set(page, p);
  }
  return p;
}

/** Each page once, axe at desktop and at phone size, and the sideways-scroll check at phone and tablet. */
async function visitOne(page: Page, url: string, name: string, problems: Problems): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await page.goto(url);
  await settle(page);
  await audit(page, name, problems, DESKTOP);
  await audit(page, name, problems, PHONE);
  for (const size of [PHONE, TABLET]) {
    const wide = await sidewaysScroll(page, size);
    if (wide) problems.push(`${name} scrolls sideways: ${wide}`);
  }
}

/** The paths in two tabs of the page's context at once (one sign-in), each tab taking the next path left. */
async function visitAll(page: Page, base: (p: string) => string, paths: string[], problems: Problems) {
  watchRequests(page);
  const queue = [...paths];
  const tabs = paths.length > 2 ? [page, await partnerOf(page)] : [page];
  await Promise.all(
    tabs.map(async (tab) => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift())
        await visitOne(tab, base(path), path, problems);
    }),
  );
}

/** One signed-in page per user for the whole file (signing in once per role keeps the file fast). */
const sessions = new Map<string, Promise<Page>>();
function signedIn(opts: { baseUrl: string; email: string; password: string }): Promise<Page> {
  let page = sessions.get(opts.email);
  if (!page) {
    page = (async () => {
      const p = await (await browser.newContext({ viewport: DESKTOP })).newPage();
      watchRequests(p);
      await signIn(p, opts);
      await p.waitForURL((u) => !u.pathname.endsWith('/sign-in'), { timeout: 20_000 });
      return p;
    })();
    sessions.set(opts.email, page);
  }
  return page;
}

/** A driver's page, on a phone: axe and the sideways-scroll check at 390×844. */
async function driverPage(page: Page, name: string, problems: Problems): Promise<void> {
  await settle(page);
  await audit(page, name, problems, PHONE);
  const wide = await sidewaysScroll(page, PHONE);
  if (wide) problems.push(`${name} scrolls sideways: ${wide}`);
}

describe('axe-core on every page, desktop and phone (#19)', () => {
  it('sign-in, invitation and platform pages', async () => {
    const problems: Problems = [];
    const page = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: E2E.demo.slug } });
    const token = randomBytes(32).toString('base64url');
    await db.invitation.create({
      data: {
        tenantId: tenant.id,
        email: 'invitee@a11y.test',
        role: 'OPERATOR_STAFF',
        tokenHash: createHash('sha256').update(token).digest('hex'),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    await visitAll(
      page,
      (p) => tenantUrl(E2E.demo.slug, p),
      ['/sign-in', `/accept-invite?token=${token}`, '/accept-invite?token=nope'],
      problems,
    );
    await visitAll(page, platformUrl, ['/sign-in'], problems);
    await signIn(page, { baseUrl: platformUrl(), email: 'platform@magma.test', password: E2E.demo.password });
    await page.waitForURL(platformUrl('/'));
    await visitAll(page, platformUrl, ['/'], problems);
    expect(problems, problems.join('\n\n')).toEqual([]);
  }, 180_000);

  it("every page of the operator admin's dashboard", async () => {
    const problems: Problems = [];
    const page = await signedIn({
      baseUrl: tenantUrl(E2E.demo.slug),
      email: E2E.demo.admin,
      password: E2E.demo.password,
    });
    const paths = [
      '/',
      '/chargers',
      `/chargers/${ids.charger}`,
      '/sessions',
      '/sites',
      `/sites/${ids.site}`,
      `/sites/${ids.site}/stickers`,
      `/sites/${ids.site}/load-balancing`,
      '/faults',
      '/reservations',
      '/cards',
      '/tariffs',
      '/tariffs/new',
      `/tariffs/${ids.tariff}`,
      '/vendors',
      '/stickers',
      '/settlements',
      ...(ids.week ? [`/settlements/${ids.week}`] : []),
      '/settlements/ledger',
      '/settlements/settings',
      '/settlements/terms',
      '/outbox',
      ...(ids.email ? [`/outbox/${ids.email}`] : []),
      '/search?q=BLR',
      '/account',
      '/developers/console',
      '/settings',
      '/settings/activity',
      '/settings/developers',
      '/settings/domains',
      '/settings/export',
      '/settings/payments',
      '/settings/payouts',
      '/settings/users',
      '/settings/webhooks',
    ];
    await visitAll(page, (p) => tenantUrl(E2E.demo.slug, p), paths, problems);
    const green = await signedIn({ baseUrl: tenantUrl(GREEN.slug), email: GREEN.admin, password: GREEN.password });
    await visitAll(green, (p) => tenantUrl(GREEN.slug, p), [`/sessions/${ids.greenSession}`], problems);
    expect(problems, problems.join('\n\n')).toEqual([]);
  }, 600_000);

  it("every page of the vendor's dashboard", async () => {
    const problems: Problems = [];
    const page = await signedIn({
      baseUrl: tenantUrl(E2E.demo.slug),
      email: E2E.demo.vendor,
      password: E2E.demo.password,
    });
    const nav = await page.$$eval('header a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')!));
    const paths = [...new Set([...nav, `/chargers/${ids.vendorCharger}`, '/earnings', '/account', '/settings/users'])];
    await visitAll(page, (p) => tenantUrl(E2E.demo.slug, p), paths, problems);
    expect(problems, problems.join('\n\n')).toEqual([]);
  }, 300_000);

  it("the driver's pages: QR landing, payment, live session, receipt", async () => {
    const problems: Problems = [];
    // The browser tests run no relay: the charger is marked online for the landing page to offer
    // payment, and put back afterwards.
    const connector = await db.connector.findFirstOrThrow({ where: { shortCode: ids.shortCode } });
    const charger = await db.charger.findUniqueOrThrow({ where: { id: connector.chargerId } });
    await db.charger.update({ where: { id: charger.id }, data: { online: true, lastSeenAt: new Date() } });
    await db.connector.update({ where: { id: connector.id }, data: { status: 'AVAILABLE', statusAt: new Date() } });
    try {
      const page = await (await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true })).newPage();
      watchRequests(page);
      await page.goto(tenantUrl(E2E.demo.slug, `/c/${ids.shortCode}`));
      await settle(page);
      await driverPage(page, 'QR landing', problems);
      await page.setViewportSize(PHONE);
      await screenshot(page, 'a11y-driver-landing-phone');
      await page.fill('input[name=email]', 'a11y-driver@example.test');
      await page.locator('button:has-text("Pay")').first().click();
      await page.waitForURL(/\/pay\/test\//, { timeout: 20_000 });
      await driverPage(page, 'test payment page', problems);
      await page.setViewportSize(PHONE);
      await page.click('button:has-text("Approve payment")');
      await page.waitForURL(/\/s\/[A-Za-z0-9_-]{43}$/, { timeout: 20_000 });
      await page.locator('[data-testid=session]').waitFor();
      await driverPage(page, 'live session', problems);

      // The receipt: the same page once the session is settled.
      const token = new URL(page.url()).pathname.split('/').pop()!;
      await db.driverSession.update({
        where: { tokenHash: createHash('sha256').update(token).digest('hex') },
        data: { status: 'SETTLED', costMinor: 12_345, refundMinor: 7_655, endedAt: new Date(), settledAt: new Date() },
      });
      await page.reload();
      await page.locator('[data-testid=session][data-status=SETTLED]').waitFor({ timeout: 20_000 });
      await driverPage(page, 'receipt', problems);
      await page.setViewportSize(PHONE);
      await screenshot(page, 'a11y-driver-receipt-phone');
    } finally {
      await db.charger.update({
        where: { id: charger.id },
        data: { online: charger.online, lastSeenAt: charger.lastSeenAt },
      });
      await db.connector.update({
        where: { id: connector.id },
        data: { status: connector.status, statusAt: connector.statusAt },
      });
    }
    expect(problems, problems.join('\n\n')).toEqual([]);
  }, 180_000);
});

describe('dark mode (#19)', () => {
  it('is a switch in the header, kept across visits, with axe clean in dark', async () => {
    const problems: Problems = [];
    const page = await signedIn({
      baseUrl: tenantUrl(E2E.demo.slug),
      email: E2E.demo.admin,
      password: E2E.demo.password,
    });
    await page.setViewportSize(DESKTOP);
    const scoped = page.locator('[data-scheme]').first();
    const background = () => scoped.evaluate((e) => getComputedStyle(e).backgroundColor);
    const light = await background();
    expect(await scoped.getAttribute('data-scheme')).toBe('system');

    const toggle = page.locator('[data-testid=color-scheme-switch]');
    await toggle.click();
    expect(await scoped.getAttribute('data-scheme')).toBe('dark');
    expect(await toggle.getAttribute('aria-label')).toContain('dark');
    const dark = await background();
    expect(dark).not.toBe(light);
    // Dark: the page background is darker than its text.
    const lum = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
      return r! + g! + b!;
    };
    expect(lum(dark)).toBeLessThan(lum(await scoped.evaluate((e) => getComputedStyle(e).color)));

    // Kept: a new visit renders dark from the server.
    await page.goto(tenantUrl(E2E.demo.slug, '/chargers'));
    expect(await page.locator('[data-scheme]').first().getAttribute('data-scheme')).toBe('dark');
    await visitAll(
      page,
      (p) => tenantUrl(E2E.demo.slug, p),
      ['/', `/chargers/${ids.charger}`, '/sessions', '/settings'],
      problems,
    );
    await page.goto(tenantUrl(E2E.demo.slug, '/'));
    await settle(page);
    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'a11y-dark-overview-desktop');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'a11y-dark-overview-phone');

    // light → system again; `system` follows the device's preference.
    await toggle.click();
    expect(await scoped.getAttribute('data-scheme')).toBe('light');
    await toggle.click();
    expect(await scoped.getAttribute('data-scheme')).toBe('system');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe(dark);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe(light);
    expect(problems, problems.join('\n\n')).toEqual([]);
  }, 240_000);
});

describe('brand colours (#19)', () => {
  it("a dark-green operator's overview chart is drawn in its green, in light and dark", async () => {
    const page = await signedIn({ baseUrl: tenantUrl(GREEN.slug), email: GREEN.admin, password: GREEN.password });
    await page.setViewportSize(DESKTOP);
    await page.goto(tenantUrl(GREEN.slug, '/'));
    const stroke = () =>
      page
        .locator('[data-testid=power-chart] path[stroke]')
        .first()
        .evaluate((e) => getComputedStyle(e).stroke);
    const primary = () =>
      page
        .locator('[data-scheme]')
        .first()
        .evaluate((e) => getComputedStyle(e).getPropertyValue('--light-primary'));
    const rgb = (s: string) => s.match(/\d+/g)!.map(Number) as [number, number, number];
    const [r, g, b] = rgb(await stroke());
    expect(g, await stroke()).toBeGreaterThan(r + 40);
    expect(g).toBeGreaterThan(b + 40);
    const hex = (await primary()).trim();
    expect(await stroke()).toBe(
      `rgb(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)})`,
    );
    await screenshot(page, 'a11y-green-overview-desktop');

    await page.locator('[data-testid=color-scheme-switch]').click();
    const [r2, g2, b2] = rgb(await stroke());
    expect(g2).toBeGreaterThan(r2 + 40);
    expect(g2).toBeGreaterThan(b2 + 40);
    await page.setViewportSize(PHONE);
    await screenshot(page, 'a11y-green-overview-dark-phone');
    const problems: Problems = [];
    await audit(page, 'green overview (dark)', problems);
    expect(problems, problems.join('\n\n')).toEqual([]);
  }, 120_000);
});
