import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { hashSecret } from '@magma/core';
import { payerColumns, payerLookupKeyOf } from '@magma/core/payments';
import { seedLargeFleet } from '@magma/core/seed';
import { e2eDb, openBrowser, screenshot, signIn, tenantUrl } from './e2e/browser.ts';
import { expectNoSeriousA11yViolations, watchRequests } from './e2e/a11y.ts';

// Cards and Payouts at fleet scale (#19): an operator with 120 cards and 70 payouts filters on the
// server through the shared filter form, walks the pages by cursor (Next, then Previous) and
// downloads the filtered list as CSV (tenant time zone, rupees); and finds a UPI driver's session
// from the search by the full phone number or VPA, shown masked. Desktop and 390x844, axe clean.

const SLUG = 'cardlist';
const EMAIL = 'admin@cardlist.test';
const PASSWORD = 'cardlist-pass-1';

let browser: Browser;
let db: Db;
let tenantId: string;
let vendorId: string;
let sessionId: string;

async function seedTenant(): Promise<void> {
  const existing = await db.tenant.findUnique({ where: { slug: SLUG } });
  if (existing) await db.tenant.delete({ where: { id: existing.id } });
  await db.user.deleteMany({ where: { email: EMAIL } });
  const tenant = await db.tenant.create({
    data: { slug: SLUG, name: 'Cardlist Charging', themeKey: 'magma', plan: 'OPERATOR_CSMS', timezone: 'Asia/Kolkata' },
  });
  tenantId = tenant.id;
  const user = await db.user.create({
    data: { email: EMAIL, name: 'Card Admin', passwordHash: await hashSecret(PASSWORD) },
  });
  await db.membership.create({ data: { userId: user.id, tenantId, role: 'OPERATOR_ADMIN' } });
  await seedLargeFleet({ db, tenantId, connectors: 4, prefix: 'CL' });
  const vendor = await db.vendor.create({
    data: { tenantId, name: 'Lakeside Malls', legalName: 'Lakeside Malls Pvt Ltd' },
  });
  vendorId = vendor.id;
  const base = Date.UTC(2026, 9, 1, 4, 0);
  // 120 cards a minute apart: every fourth blocked, the first 60 Lakeside's.
  await db.idToken.createMany({
    data: Array.from({ length: 120 }, (_, i) => ({
      tenantId,
      vendorId: i < 60 ? vendorId : null,
      token: `CL-${String(i).padStart(3, '0')}`,
      label: i === 7 ? 'Night shift van' : null,
      status: i % 4 === 0 ? ('BLOCKED' as const) : ('ACCEPTED' as const),
      createdAt: new Date(base + i * 60_000),
    })),
  });
  // 70 payouts a day apart, Lakeside's, ₹1,000.50 + i paise; the first ten failed.
  const run = await db.payoutRun.create({ data: { tenantId, rail: 'OFFLINE' } });
  await db.payout.createMany({
    data: Array.from({ length: 70 }, (_, i) => ({
      tenantId,
      runId: run.id,
      vendorId,
      amountMinor: BigInt(100_050 + i),
      rail: 'OFFLINE',
      idempotencyKey: `cardlist-${run.id}-${i}`,
      status: i < 10 ? 'FAILED' : 'PROCESSED',
      utr: i < 10 ? null : `UTR${String(i).padStart(9, '0')}`,
      createdAt: new Date(base + i * 86_400_000),
    })),
  });
  // A UPI session: the payer as capture stores it, under the server's key.
  const charger = await db.charger.findFirstOrThrow({ where: { tenantId }, orderBy: { identity: 'asc' } });
  const key = payerLookupKeyOf(process.env.MAGMA_E2E_PIN_LOOKUP_SECRET!);
  const payment = await db.payment.create({
    data: {
      tenantId,
      provider: 'RAZORPAY',
      amountMinor: 20_000,
      capturedMinor: 20_000,
      status: 'CAPTURED',
      providerOrderId: `order_cardlist_${Date.now()}`,
      ...payerColumns({ vpa: 'ravi.kumar@okaxis', phone: '+919876543210' }, { key, tenantId }),
    },
  });
  const tx = await db.transaction.create({
    data: {
      tenantId,
      chargerId: charger.id,
      siteId: charger.siteId,
      evseId: 1,
      ocppTransactionId: 'CL-UPI-1',
      idTag: 'APP-7F3A9C2E',
      status: 'COMPLETED',
      startedAt: new Date(Date.now() - 7_200_000),
      stoppedAt: new Date(Date.now() - 3_600_000),
      energyWh: 7400,
      costMinor: 16_000,
      paymentId: payment.id,
    },
  });
  sessionId = tx.id;
}

async function operator(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  watchRequests(page);
  await signIn(page, { baseUrl: tenantUrl(SLUG), email: EMAIL, password: PASSWORD });
  await page.waitForURL(tenantUrl(SLUG, '/'));
  return page;
}

async function download(page: Page, link: string): Promise<{ name: string; lines: string[] }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(link).click()]);
  const text = await readFile((await file.path())!, 'utf8');
  return { name: file.suggestedFilename(), lines: text.split('\r\n').filter(Boolean) };
}

// Next streams a page into a hidden element before it swaps it in: read a list once only one is there.
// (React's streamed segments wait in `div[hidden]` with an id `S:<n>` until they are swapped in.)
const texts = async (page: Page, sel: string) => {
  await page.waitForFunction(
    (s) =>
      document.querySelectorAll(s.split(' ')[0]!).length === 1 &&
      document.querySelectorAll('div[hidden][id^="S:"]').length === 0,
    sel,
  );
  return page.locator(sel).evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
};

async function noOverflow(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
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

describe('Cards at fleet scale', () => {
  it('filters on the server, pages by cursor both ways, exports the filtered list', async () => {
    const page = await operator({ width: 1440, height: 900 });
    await page.goto(tenantUrl(SLUG, '/cards'));
    expect(await page.locator('[data-testid=cards] tr').count()).toBe(50);
    await page.locator('[data-testid=card-count]:has-text("120 cards")').waitFor();

    const form = page.locator('form[aria-label="Filter cards"]');
    await form.locator('select[name=status]').selectOption('ACCEPTED');
    await form.locator('select[name=vendorId]').selectOption(vendorId);
    await form.locator('select[name=sort]').selectOption('token');
    await form.locator('button[type=submit]').click();
    await page.waitForURL(/sort=token/);
    expect(page.url()).toContain('status=ACCEPTED');
    // Lakeside's active cards, A→Z: 45 of its 60 (every fourth is blocked).
    const expected = Array.from({ length: 60 }, (_, i) => i)
      .filter((i) => i % 4 !== 0)
      .map((i) => `CL-${String(i).padStart(3, '0')}`);
    await page.locator('[data-testid=card-count]:has-text("45 cards match")').waitFor();
    expect(await texts(page, '[data-testid=cards] tr td:first-child')).toEqual(expected);
    await screenshot(page, 'card-list-filtered-1440');
    await expectNoSeriousA11yViolations(page);

    // Everything, oldest first: three pages, and back.
    await page.goto(tenantUrl(SLUG, '/cards?sort=createdAt'));
    await page.locator('[data-testid=cards-page-no]:has-text("Page 1")').waitFor();
    const first = await texts(page, '[data-testid=cards] tr td:first-child');
    expect(first).toHaveLength(50);
    expect(first[0]).toBe('CL-000');
    await page.locator('nav[aria-label=Pages] a[rel=next]').click();
    await page.locator('[data-testid=cards-page-no]:has-text("Page 2")').waitFor();
    expect((await texts(page, '[data-testid=cards] tr td:first-child'))[0]).toBe('CL-050');
    await page.locator('nav[aria-label=Pages] a[rel=next]').click();
    await page.locator('[data-testid=cards-page-no]:has-text("Page 3")').waitFor();
    expect(await page.locator('[data-testid=cards] tr').count()).toBe(20);
    expect(await page.locator('nav[aria-label=Pages] a[rel=next]').count()).toBe(0);
    await page.locator('nav[aria-label=Pages] a[rel=prev]').click();
    await page.locator('[data-testid=cards-page-no]:has-text("Page 2")').waitFor();
    expect((await texts(page, '[data-testid=cards] tr td:first-child'))[0]).toBe('CL-050');
    await page.locator('nav[aria-label=Pages] a[rel=prev]').click();
    await page.locator('[data-testid=cards-page-no]:has-text("Page 1")').waitFor();
    expect(await texts(page, '[data-testid=cards] tr td:first-child')).toEqual(first);

    await page.goto(tenantUrl(SLUG, '/cards?status=BLOCKED&sort=-token'));
    const csv = await download(page, '[data-testid=export-cards]');
    expect(csv.name).toMatch(/^cards-.*\.csv$/);
    expect(csv.lines[0]).toBe('card_id,kind,status,name,group_id,vendor,expires_at,registered_at,sessions');
    expect(csv.lines).toHaveLength(31);
    expect(csv.lines[1]).toBe('CL-116,RFID,BLOCKED,,,,,2026-10-01 11:26:00 +05:30,0');
    await page.context().close();
  });

  it('fits a phone', async () => {
    const page = await operator({ width: 390, height: 844 });
    await page.goto(tenantUrl(SLUG, '/cards?q=night'));
    expect(await texts(page, '[data-testid=cards] tr td:first-child')).toEqual(['CL-007']);
    await noOverflow(page);
    await screenshot(page, 'card-list-390');
    await page.context().close();
  });
});

describe('Payouts at fleet scale', () => {
  it('filters by status and dates, sorts by amount, pages and exports rupees in the tenant’s zone', async () => {
    const page = await operator({ width: 1440, height: 900 });
    await page.goto(tenantUrl(SLUG, '/payouts'));
    expect(await page.locator('[data-testid=payouts] tr').count()).toBe(50);
    await page.locator('[data-testid=payout-totals]:has-text("70")').waitFor();

    const form = page.locator('form[aria-label="Filter payouts"]');
    await form.locator('select[name=status]').selectOption('PROCESSED');
    await form.locator('input[name=from]').fill('2026-10-15');
    await form.locator('input[name=to]').fill('2026-11-30');
    await form.locator('select[name=sort]').selectOption('-amount');
    await form.locator('button[type=submit]').click();
    await page.waitForURL(/sort=-amount/);
    // Payouts 14..60 were made 1 Oct + i days at 09:30 in Kolkata: 15 Oct to 30 Nov holds i = 14..60.
    await page.locator('[data-testid=payout-totals]:has-text("47")').waitFor();
    const amounts = await texts(page, '[data-testid=payouts] tr td:nth-child(3)');
    expect(amounts[0]).toBe('₹1,001.10');
    expect(amounts).toHaveLength(47);
    await screenshot(page, 'payout-list-filtered-1440');
    await expectNoSeriousA11yViolations(page);

    const csv = await download(page, '[data-testid=export-payouts]');
    expect(csv.lines).toHaveLength(48);
    const row = csv.lines[1]!.split(',');
    expect(row.slice(1, 8)).toEqual([
      '2026-11-30 09:30:00 +05:30',
      'Lakeside Malls',
      '1001.10',
      '100110',
      'INR',
      'OFFLINE',
      'PROCESSED',
    ]);

    await page.goto(tenantUrl(SLUG, '/payouts'));
    await page.locator('nav[aria-label=Pages] a[rel=next]').click();
    await page.locator('[data-testid=payouts-page-no]:has-text("Page 2")').waitFor();
    expect(await page.locator('[data-testid=payouts] tr').count()).toBe(20);
    await page.locator('nav[aria-label=Pages] a[rel=prev]').click();
    await page.locator('[data-testid=payouts-page-no]:has-text("Page 1")').waitFor();
    expect(await page.locator('[data-testid=payouts] tr').count()).toBe(50);
    await page.context().close();
  });

  it('fits a phone', async () => {
    const page = await operator({ width: 390, height: 844 });
    await page.goto(tenantUrl(SLUG, '/payouts?status=FAILED'));
    expect(await page.locator('[data-testid=payouts] tr').count()).toBe(10);
    await noOverflow(page);
    await screenshot(page, 'payout-list-390');
    await page.context().close();
  });
});

describe('A UPI driver from the search', () => {
  it('finds the session by the full phone number from the header box, and shows the payer masked', async () => {
    const page = await operator({ width: 1024, height: 800 });
    await page.goto(tenantUrl(SLUG, '/cards'));
    await page.locator('[data-testid=global-search]').fill('+91 98765 43210');
    const panel = page.locator('[data-testid=global-search-panel]');
    await panel.locator('text=ra••••@okaxis · +91 ••••••3210').waitFor();
    await screenshot(page, 'payer-search-1024');
    await panel.locator(`a[href="/sessions/${sessionId}"]`).click();
    await page.waitForURL(new RegExp(`/sessions/${sessionId}`));
    await page.locator('text=Paid by').waitFor();
    await page.locator('text=ra••••@okaxis · +91 ••••••3210').first().waitFor();
    expect(await page.content()).not.toMatch(/9876543210|ravi\.kumar/);
    await expectNoSeriousA11yViolations(page);
    await page.context().close();
  });

  it('finds it by the VPA on the search page at phone width', async () => {
    const page = await operator({ width: 390, height: 844 });
    await page.goto(tenantUrl(SLUG, `/search?q=${encodeURIComponent('Ravi.Kumar@OKAXIS')}`));
    await page.locator(`a[href="/sessions/${sessionId}"]`).waitFor();
    expect(await page.locator('text=ra••••@okaxis').count()).toBeGreaterThan(0);
    await noOverflow(page);
    await screenshot(page, 'payer-search-390');
    await page.context().close();
  });
});
