import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { hashSecret } from '@magma/core';
import { seedLargeFleet } from '@magma/core/seed';
import { e2eDb, openBrowser, screenshot, signIn, tenantUrl } from './e2e/browser.ts';

// Chargers and Sessions at fleet scale: an operator of 120 chargers filters and sorts on the
// server, walks the pages by cursor (Next, then Previous), and downloads the filtered list as CSV,
// at desktop and phone sizes. Its own tenant, so other browser tests' data stays as they expect.

const SLUG = 'fleetlist';
const EMAIL = 'admin@fleetlist.test';
const PASSWORD = 'fleetlist-pass-1';

let browser: Browser;
let db: Db;
let tenantId: string;

async function seedTenant(): Promise<void> {
  const existing = await db.tenant.findUnique({ where: { slug: SLUG } });
  if (existing) {
    tenantId = existing.id;
    return;
  }
  const tenant = await db.tenant.create({
    data: { slug: SLUG, name: 'Fleetlist Charging', themeKey: 'magma', plan: 'OPERATOR_CSMS' },
  });
  tenantId = tenant.id;
  const user = await db.user.create({
    data: { email: EMAIL, name: 'Fleet Admin', passwordHash: await hashSecret(PASSWORD) },
  });
  await db.membership.create({ data: { userId: user.id, tenantId, role: 'OPERATOR_ADMIN' } });
  // 120 chargers (FL-000001…), half OCPP 2.0.1, every tenth offline, on three sites.
  await seedLargeFleet({ db, tenantId, connectors: 240, prefix: 'FL' });
  const chargers = await db.charger.findMany({ where: { tenantId }, orderBy: { identity: 'asc' } });
  const day = 86_400_000;
  const now = Date.now();
  await db.transaction.createMany({
    data: Array.from({ length: 130 }, (_, i) => {
      const c = chargers[i % chargers.length]!;
      const startedAt = new Date(now - (i + 1) * (day / 12));
      return {
        tenantId,
        chargerId: c.id,
        siteId: c.siteId,
        vendorId: c.vendorId,
        evseId: 1,
        ocppTransactionId: `FL-T-${i}`,
        idTag: i % 3 === 0 ? 'CARD-B' : 'CARD-A',
        status: i < 2 ? ('ACTIVE' as const) : ('COMPLETED' as const),
        startedAt,
        stoppedAt: i < 2 ? null : new Date(startedAt.getTime() + 3_600_000),
        energyWh: 1000 + ((i * 7919) % 40_000),
        costMinor: 2000 + i,
      };
    }),
  });
}

async function operator(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, { baseUrl: tenantUrl(SLUG), email: EMAIL, password: PASSWORD });
  await page.waitForURL(tenantUrl(SLUG, '/'));
  return page;
}

async function download(page: Page, link: string): Promise<{ name: string; lines: string[] }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(link).click()]);
  const text = await readFile((await file.path())!, 'utf8');
  return { name: file.suggestedFilename(), lines: text.split('\r\n').filter(Boolean) };
}

const texts = (page: Page, sel: string) => page.locator(sel).evaluateAll((els) => els.map((e) => e.textContent ?? ''));

async function noOverflow(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
}

beforeAll(async () => {
  browser = await openBrowser();
  db = e2eDb();
  await seedTenant();
});
afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
});

describe('Chargers list at fleet scale', () => {
  it('filters and sorts on the server, pages by cursor both ways, and exports the filtered list', async () => {
    const page = await operator({ width: 1440, height: 900 });
    await page.goto(tenantUrl(SLUG, '/chargers'));
    expect(await page.locator('[data-testid=chargers] tr').count()).toBe(50);
    await screenshot(page, 'fleet-lists-chargers-1440');

    const form = page.locator('form[aria-label="Filter chargers"]');
    await form.locator('select[name=protocol]').selectOption('OCPP201');
    await form.locator('select[name=sort]').selectOption('-identity');
    await form.locator('button[type=submit]').click();
    await page.waitForURL(/protocol=OCPP201/);
    expect(page.url()).toContain('sort=-identity');

    const expected = (
      await db.charger.findMany({ where: { tenantId, protocol: 'OCPP201' }, orderBy: { identity: 'desc' } })
    ).map((c) => c.identity);
    expect(expected).toHaveLength(60);
    const firstPage = await texts(page, '[data-testid=chargers] tr td:first-child');
    expect(firstPage).toEqual(expected.slice(0, 50));

    await page.locator('nav[aria-label=Pages] a[rel=next]').click();
    await page.waitForURL(/cursor=/);
    await page.locator('[data-testid=chargers-page-no]:has-text("Page 2")').waitFor();
    expect(await texts(page, '[data-testid=chargers] tr td:first-child')).toEqual(expected.slice(50));
    expect(await page.locator('nav[aria-label=Pages] a[rel=next]').count()).toBe(0);
    await page.locator('nav[aria-label=Pages] a[rel=prev]').click();
    await page.locator('[data-testid=chargers-page-no]:has-text("Page 1")').waitFor();
    expect(await texts(page, '[data-testid=chargers] tr td:first-child')).toEqual(firstPage);
    expect(await page.locator('nav[aria-label=Pages] a[rel=prev]').count()).toBe(0);

    const csv = await download(page, '[data-testid=export-chargers]');
    // Named with the tenant's local date-time (Asia/Kolkata, +05:30), not UTC.
    expect(csv.name).toMatch(/^chargers-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}\+0530\.csv$/);
    expect(csv.lines[0]).toMatch(/^charger_id,identity,state,/);
    expect(csv.lines.slice(1).map((l) => l.split(',')[1])).toEqual(expected);
    expect(csv.lines.slice(1).every((l) => l.includes(',2.0.1,'))).toBe(true);

    // Offline ones, problems first: every tenth charger of the fleet.
    await page.goto(tenantUrl(SLUG, '/chargers?state=offline&sort=state'));
    const offline = await db.charger.count({ where: { tenantId, online: false } });
    expect(await page.locator('[data-testid=chargers] tr[data-state=offline]').count()).toBe(offline);
    expect(await page.locator('[data-testid=chargers] tr:not([data-state=offline])').count()).toBe(0);
    await screenshot(page, 'fleet-lists-chargers-offline-1440');
    await page.context().close();
  });

  it('fits a phone: filters, the list and the pages without sideways scrolling', async () => {
    const page = await operator({ width: 390, height: 844 });
    await page.goto(tenantUrl(SLUG, '/chargers?city=Mumbai'));
    const rows = await page.locator('[data-testid=chargers] tr').count();
    expect(rows).toBe(await db.charger.count({ where: { tenantId, site: { city: 'Mumbai' } } }));
    await noOverflow(page);
    await screenshot(page, 'fleet-lists-chargers-390');
    await page.context().close();
  });
});

describe('Sessions list at fleet scale', () => {
  it('filters by card and status, sorts by energy, pages and exports the same rows', async () => {
    const page = await operator({ width: 1440, height: 900 });
    await page.goto(tenantUrl(SLUG, '/sessions'));
    const form = page.locator('[data-testid=session-filters]');
    await form.locator('input[name=idToken]').fill('CARD-A');
    await form.locator('select[name=status]').selectOption('COMPLETED');
    await form.locator('select[name=sort]').selectOption('-energyWh');
    await form.locator('button[type=submit]').click();
    await page.waitForURL(/sort=-energyWh/);
    expect(page.url()).toContain('idToken=CARD-A');

    const expected = await db.transaction.findMany({
      where: { tenantId, idTag: 'CARD-A', status: 'COMPLETED' },
      orderBy: [{ energyWh: 'desc' }, { startedAt: 'desc' }, { id: 'desc' }],
    });
    expect(expected.length).toBeGreaterThan(50);
    await page.locator('[data-testid=session-totals]:has-text("' + expected.length + '")').waitFor();
    const kwh = async () =>
      (await texts(page, '[data-testid=session-rows] tr td:nth-child(5)')).map((t) => Number(t.replace(/[^\d.]/g, '')));
    const first = await kwh();
    expect(first).toHaveLength(50);
    // The page rounds kWh to two places; the order is the check, so compare within that rounding.
    const near = (shown: number[], rows: typeof expected) =>
      expect(shown.every((v, i) => Math.abs(v - rows[i]!.energyWh / 1000) <= 0.006)).toBe(true);
    near(first, expected.slice(0, 50));
    await screenshot(page, 'fleet-lists-sessions-1440');

    await page.locator('nav[aria-label=Pages] a:has-text("Next")').click();
    await page.waitForURL(/page=2/);
    const second = await kwh();
    expect(second).toHaveLength(expected.length - 50);
    near(second, expected.slice(50));

    const csv = await download(page, '[data-testid=export-sessions]');
    expect(csv.name).toMatch(/^sessions-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}\+0530\.csv$/);
    expect(csv.lines.slice(1).map((l) => l.split(',')[0])).toEqual(expected.map((s) => s.id));
    await page.context().close();
  });

  it('fits a phone', async () => {
    const page = await operator({ width: 390, height: 844 });
    await page.goto(tenantUrl(SLUG, '/sessions?status=COMPLETED&sort=startedAt'));
    expect(await page.locator('[data-testid=session-rows] tr').count()).toBe(50);
    await noOverflow(page);
    await screenshot(page, 'fleet-lists-sessions-390');
    await page.context().close();
  });
});
