import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { closeSettlementWeek, createSplitTerms, fyQuarterOf } from '@magma/core/settlements';
import { tenantScope } from '@magma/core/tenancy';
import { e2eDb, newPage, openBrowser, screenshot, signIn, tenantUrl } from './e2e/browser.ts';
import { E2E } from './e2e/seed.ts';

// A closed week in the demo tenant: Sunrise Malls (the demo vendor user's) and Highway Fuels each
// had a paid session; the operator admin reads the week on Settlements, pays it (offline rail) and
// enters the bank's UTR; the vendor user sees its own statement and the payout with that UTR on
// Earnings, and nothing of the other vendor. The admin adds a version of Sunrise's terms through
// the form (a wrong value is answered in the form), reads the quarter's TDS per deductee and
// downloads its CSV; the vendor user reads the new version on Earnings, with no form to change it.

let browser: Browser;
let db: Db;
let tenantId: string;
let weekId: string;
let quarter: { fyStart: number; quarter: number };
const DAY = 86_400_000;
// Three weeks back: a week no other test writes postings into.
const AT = new Date(Date.now() - 21 * DAY);

async function paidSession(vendorId: string, costMinor: number) {
  const charger = await db.charger.findFirstOrThrow({ where: { tenantId, vendorId } });
  const owed = costMinor + Math.round(costMinor * 0.18);
  const payment = await db.payment.create({
    data: {
      tenantId,
      provider: 'TEST',
      providerOrderId: `e2e_${randomUUID()}`,
      providerPaymentId: `e2e_pay_${randomUUID()}`,
      amountMinor: owed,
      capturedMinor: owed,
      status: 'CAPTURED',
      chargerId: charger.id,
    },
  });
  await db.transaction.create({
    data: {
      tenantId,
      chargerId: charger.id,
      siteId: charger.siteId,
      vendorId,
      evseId: 1,
      ocppTransactionId: `e2e-${randomUUID()}`,
      status: 'COMPLETED',
      startedAt: new Date(AT.getTime() - 3_600_000),
      stoppedAt: AT,
      energyWh: 20_000,
      costMinor,
      taxMinor: owed - costMinor,
      sponsorMinor: 0,
      pricedAt: AT,
      paymentId: payment.id,
    },
  });
}

beforeAll(async () => {
  browser = await openBrowser();
  db = e2eDb();
  tenantId = (await db.tenant.findUniqueOrThrow({ where: { slug: E2E.demo.slug } })).id;
  const sunrise = await db.vendor.findFirstOrThrow({ where: { tenantId, name: 'Sunrise Malls' } });
  const highway = await db.vendor.findFirstOrThrow({ where: { tenantId, name: 'Highway Fuels' } });
  const scope = tenantScope(tenantId);
  for (const v of [sunrise, highway]) {
    await db.vendor.update({
      where: { id: v.id },
      data: {
        bankAccountName: v.legalName,
        bankAccountNumber: '50100012345678',
        bankIfsc: 'HDFC0001234',
        pan: 'AAACS1234K',
      },
    });
    await createSplitTerms({
      db,
      scope,
      input: { vendorId: v.id, effectiveFrom: new Date(AT.getTime() - 30 * DAY), vendorShareBps: 7000 },
    });
  }
  await paidSession(sunrise.id, 800_000);
  await paidSession(highway.id, 120_000);
  const closed = await closeSettlementWeek({ db, tenantId, at: AT });
  weekId = closed.weekId;
  quarter = fyQuarterOf('Asia/Kolkata', new Date(closed.weekEnd.getTime() - 1));
});
/** The page at desktop (1440×900) and phone (390×844) widths. */
async function shots(page: Page, name: string) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
});

describe('settlements and earnings', () => {
  let admin: Page;

  it("shows the operator the closed week's statements per vendor and site", async () => {
    admin = await newPage(browser);
    await signIn(admin, { baseUrl: tenantUrl('demo'), email: E2E.demo.admin, password: E2E.demo.password });
    await admin.waitForURL(tenantUrl('demo', '/'));
    await admin.goto(tenantUrl('demo', '/settlements'));
    await admin.locator(`[data-week="${weekId}"]`).waitFor();
    await screenshot(admin, 'settlements-weeks');
    await admin.locator(`[data-week="${weekId}"] a`).click();
    const sunrise = admin.locator('[data-vendor="Sunrise Malls"]');
    await sunrise.waitFor();
    // 70% of ₹8,000 = ₹5,600; TDS 0.1% of ₹8,000 = ₹8; net payable ₹5,592.
    expect(await sunrise.textContent()).toContain('₹5,600.00');
    expect(await sunrise.textContent()).toContain('₹5,592.00');
  });

  it('pays the week through the offline rail and records the UTR', async () => {
    await admin.locator('button:has-text("Create payouts")').click();
    const form = admin.locator('[data-payout]:has-text("Sunrise Malls") form');
    await form.waitFor();
    expect(await admin.locator('[data-payout]').count()).toBe(2);
    await form.locator('input[aria-label=UTR]').fill('HDFCN52026112300001');
    await form.locator('button[type=submit]').click();
    await admin.locator('[data-payout]:has-text("HDFCN52026112300001")').waitFor();
    await screenshot(admin, 'settlements-week');
  });

  it("reads the bank's response file: applies a failure, says each row it did not apply, and nothing twice", async () => {
    const run = await db.payoutRun.findFirstOrThrow({ where: { tenantId, weekId } });
    const vendor = await db.vendor.findFirstOrThrow({ where: { tenantId, name: 'Highway Fuels' } });
    const highway = await db.payout.findFirstOrThrow({ where: { runId: run.id, vendorId: vendor.id } });
    const amount = (Number(highway.amountMinor) / 100).toFixed(2);
    const csv = [
      'Payment Reference,UTR,Status,Amount,Reason',
      `${highway.id},,Failed,${amount},Beneficiary account closed`,
      '00000000-0000-4000-8000-00000000e2e1,HDFCN52026112300009,Success,10.00,',
    ].join('\r\n');
    const upload = async () => {
      await admin
        .locator('input[aria-label="Upload bank response"]')
        .setInputFiles({ name: 'bank-response.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      return admin.locator('[role=status]:has-text("rows")');
    };
    const result = await upload();
    await result.locator('text=1 applied').waitFor();
    expect(await result.textContent()).toContain('1 problem');
    expect(await result.textContent()).toContain('Line 3: no payout 00000000-0000-4000-8000-00000000e2e1');
    await admin.locator('[data-payout]:has-text("Highway Fuels"):has-text("failed")').waitFor();
    await shots(admin, 'settlements-bank-response');
    const again = await upload();
    await again.locator('text=0 applied · 1 already applied').waitFor();
    expect((await db.payout.findUniqueOrThrow({ where: { id: highway.id } })).status).toBe('FAILED');
  });

  it('adds a version of the split terms through the form, and keeps the first one', async () => {
    await admin.goto(tenantUrl('demo', '/settlements/terms'));
    const form = admin.locator('form[aria-label="New terms version"]');
    await form.locator('select[name=vendorId]').selectOption({ label: 'Sunrise Malls' });
    await form.getByLabel('Vendor share of net charging revenue (%)').fill('65.5x');
    await form.locator('button[type=submit]').click();
    await form.getByRole('alert').filter({ hasText: 'Vendor share: a percentage' }).waitFor();
    await form.getByLabel('Vendor share of net charging revenue (%)').fill('65.5');
    await form.getByLabel('Fixed to the vendor per kWh (₹)').fill('0.50');
    await form.getByLabel('Platform fee (% of net revenue)').fill('2');
    await form.getByLabel('Platform fee borne by').selectOption('VENDOR');
    await form.getByLabel(/^Effective from/).fill('2030-01-01T00:00');
    await form.locator('button[type=submit]').click();
    await form.locator('[role=status]:has-text("saved")').waitFor();
    const made = await db.splitTerms.findFirstOrThrow({
      where: { tenantId, vendorPerKwhMinor: 50, vendorShareBps: 6550 },
    });
    expect(made).toMatchObject({ platformFeeBps: 200, platformFeeBearer: 'VENDOR', siteId: null });
    expect(made.effectiveFrom.toISOString()).toBe('2029-12-31T18:30:00.000Z');
    const row = admin.locator(`[data-terms="${made.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('upcoming');
    expect(await admin.locator('[data-terms]:has-text("Sunrise Malls")').count()).toBeGreaterThan(1);
    await shots(admin, 'settlements-terms');
    await admin.goto(tenantUrl('demo', '/settlements/settings'));
    await admin.locator('[data-rate="TDS_194O"]:has-text("0.10%")').waitFor();
    await shots(admin, 'settlements-settings');
  });

  it("lists the quarter's TDS per deductee and downloads it as CSV for filing", async () => {
    await admin.goto(tenantUrl('demo', `/settlements?fy=${quarter.fyStart}&q=${quarter.quarter}`));
    const sunrise = admin.locator(`[data-tax-row="Sunrise Malls"][data-tax-week="${weekId}"][data-section="194-O"]`);
    // 0.1% of ₹8,000 excl. GST with a PAN = ₹8; Highway Fuels: 0.1% of ₹1,200 = ₹1.20, to the rupee ₹1.
    expect(await sunrise.textContent()).toMatch(/AAACS1234K.*₹8,000\.00.*0\.10%.*₹8\.00/);
    const highway = admin.locator(`[data-tax-row="Highway Fuels"][data-tax-week="${weekId}"]`);
    expect(await highway.textContent()).toMatch(/₹1,200\.00.*₹1\.00/);
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('button', { name: 'Download CSV for filing' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^tds-tcs-FY\d{4}-\d{2}-Q[1-4]\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const line = csv
      .split('\r\n')
      .find((l) => l.startsWith('194-O,') && l.includes(',Sunrise Malls,') && l.includes(weekId));
    expect(line).toMatch(/^194-O,[^,]+,Sunrise Malls,AAACS1234K,.*,8000\.00,0\.10,8\.00,/);
    await admin.locator('[data-tax-summary]').scrollIntoViewIfNeeded();
    await shots(admin, 'settlements-tax-summary');
  });

  it("shows the vendor user its own statement and payout on Earnings, and not the operator's pages", async () => {
    const vendor = await newPage(browser);
    await signIn(vendor, { baseUrl: tenantUrl('demo'), email: E2E.demo.vendor, password: E2E.demo.password });
    await vendor.waitForURL(tenantUrl('demo', '/'));
    await vendor.goto(tenantUrl('demo', '/settlements'));
    await vendor.waitForURL(tenantUrl('demo', '/earnings'));
    const row = vendor.locator(`[data-week="${weekId}"]`);
    // The page streams in behind its loading state; once revealed, the week is on it exactly once.
    await row.locator('visible=true').first().waitFor();
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('₹5,592.00');
    // Its statement only: Highway Fuels' ₹840 share is nowhere.
    expect(await vendor.locator('main').textContent()).not.toContain('₹840.00');
    await vendor.locator('[data-payout]:has-text("HDFCN52026112300001")').waitFor();
    expect(await vendor.locator('[data-payout]').count()).toBe(1);
    // Its terms, the new version too, read only; its own TDS row and no other vendor's.
    const terms = await db.splitTerms.findFirstOrThrow({ where: { tenantId, vendorShareBps: 6550 } });
    expect(await vendor.locator(`[data-terms="${terms.id}"]`).textContent()).toContain('65.50%');
    expect(await vendor.getByRole('button', { name: 'Save as a new version' }).count()).toBe(0);
    await vendor.goto(tenantUrl('demo', `/earnings?fy=${quarter.fyStart}&q=${quarter.quarter}`));
    await vendor.locator(`[data-tax-row="Sunrise Malls"][data-tax-week="${weekId}"]`).first().waitFor();
    expect(await vendor.locator('[data-tax-row="Highway Fuels"]').count()).toBe(0);
    await shots(vendor, 'earnings-vendor');
  });
});
