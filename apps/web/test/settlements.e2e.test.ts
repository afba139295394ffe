import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { closeSettlementWeek, createSplitTerms } from '@magma/core/settlements';
import { tenantScope } from '@magma/core/tenancy';
import { e2eDb, newPage, openBrowser, screenshot, signIn, tenantUrl } from './e2e/browser.ts';
import { E2E } from './e2e/seed.ts';

// A closed week in the demo tenant: Sunrise Malls (the demo vendor user's) and Highway Fuels each
// had a paid session; the operator admin reads the week on Settlements, pays it (offline rail) and
// enters the bank's UTR; the vendor user sees its own statement and the payout with that UTR on
// Earnings, and nothing of the other vendor.

let browser: Browser;
let db: Db;
let tenantId: string;
let weekId: string;
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
  weekId = (await closeSettlementWeek({ db, tenantId, at: AT })).weekId;
});
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

  it("shows the vendor user its own statement and payout on Earnings, and not the operator's pages", async () => {
    const vendor = await newPage(browser);
    await signIn(vendor, { baseUrl: tenantUrl('demo'), email: E2E.demo.vendor, password: E2E.demo.password });
    await vendor.waitForURL(tenantUrl('demo', '/'));
    await vendor.goto(tenantUrl('demo', '/settlements'));
    await vendor.waitForURL(tenantUrl('demo', '/earnings'));
    const row = vendor.locator(`[data-week="${weekId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('₹5,592.00');
    // Its statement only: Highway Fuels' ₹840 share is nowhere.
    expect(await vendor.locator('main').textContent()).not.toContain('₹840.00');
    await vendor.locator('[data-payout]:has-text("HDFCN52026112300001")').waitFor();
    expect(await vendor.locator('[data-payout]').count()).toBe(1);
    await screenshot(vendor, 'earnings-vendor');
  });
});
