import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { e2eDb, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';

// Razorpay Route on the operator's screens: Settings → Payouts asks for the operator's own linked
// account (the form answers a refusal in place: this test server has no platform Razorpay keys),
// and shows the account once made; a week's payout run shows the operator's own transfer, what the
// captured payments could not cover per payee, and a vendor's share taken back after a refund.
// The run's rows are arranged in the database as the run and the worker leave them.

let browser: Browser;
let db: Db;
let admin: Page;
let tenantId: string;
let weekId: string;
let before: { paymentsMode: string; payoutRail: string | null };
const OPERATOR_ACC = 'acc_E2eOperator00001';

/** The page at desktop (1440×900) and phone (390×844) widths. */
async function shots(page: Page, name: string) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

beforeAll(async () => {
  browser = await openBrowser();
  db = e2eDb();
  admin = await voltwayAdmin(browser);
  const t = await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } });
  tenantId = t.id;
  const config = await db.settlementConfig.findUnique({ where: { tenantId } });
  before = { paymentsMode: t.paymentsMode, payoutRail: config?.payoutRail ?? null };
  await db.tenant.update({ where: { id: tenantId }, data: { paymentsMode: 'PLATFORM_ACCOUNT' } });
  await db.settlementConfig.upsert({
    where: { tenantId },
    create: { tenantId, payoutRail: 'RAZORPAY_ROUTE' },
    update: { payoutRail: 'RAZORPAY_ROUTE' },
  });

  // A closed week long ago with one vendor's statement, paid by Route.
  const vendor = await db.vendor.findFirstOrThrow({ where: { tenantId }, orderBy: { createdAt: 'asc' } });
  const week = await db.settlementWeek.create({
    data: {
      tenantId,
      weekStart: new Date('2020-01-05T18:30:00Z'),
      weekEnd: new Date('2020-01-12T18:30:00Z'),
      status: 'CLOSED',
      closedAt: new Date('2020-01-13T00:00:00Z'),
    },
  });
  weekId = week.id;
  await db.settlementStatement.create({
    data: {
      tenantId,
      weekId,
      vendorId: vendor.id,
      sessions: 3,
      grossMinor: 354_000,
      gstMinor: 54_000,
      vendorShareMinor: 210_000,
      weekNetMinor: 260_000,
      netPayableMinor: 260_000,
    },
  });
  const run = await db.payoutRun.create({
    data: {
      tenantId,
      weekId,
      rail: 'RAZORPAY_ROUTE',
      shortfalls: [
        {
          vendorId: vendor.id,
          name: vendor.name,
          payableMinor: 260_000,
          transferredMinor: 210_000,
          shortMinor: 50_000,
        },
      ],
    },
  });
  const payout = (vendorId: string | null, amountMinor: number, n: number) =>
    db.payout.create({
      data: {
        tenantId,
        runId: run.id,
        vendorId,
        amountMinor,
        rail: 'RAZORPAY_ROUTE',
        status: 'PROCESSED',
        providerPayoutId: `trf_E2e0000000000${n}`,
        idempotencyKey: `e2e-route:${weekId}:${n}`,
      },
    });
  const paid = await payout(vendor.id, 210_000, 1);
  await payout(null, 144_000, 2);
  await db.routeTransferReversal.create({
    data: {
      tenantId,
      vendorId: vendor.id,
      payoutId: paid.id,
      refundId: '00000000-0000-4000-8000-0000000e2e01',
      amountMinor: 7_000,
      status: 'REVERSED',
      providerReversalId: 'rvrsl_E2e00000000001',
    },
  });
});

afterAll(async () => {
  if (db && tenantId) {
    await db.routeTransferReversal.deleteMany({ where: { tenantId } });
    if (weekId) {
      await db.payout.deleteMany({ where: { tenantId, run: { weekId } } });
      await db.payoutRun.deleteMany({ where: { tenantId, weekId } });
      await db.settlementStatement.deleteMany({ where: { weekId } });
      await db.settlementWeek.deleteMany({ where: { id: weekId } });
    }
    await db.vendorLinkedAccount.deleteMany({ where: { tenantId, accountId: OPERATOR_ACC } });
    await db.tenant.update({ where: { id: tenantId }, data: { paymentsMode: before.paymentsMode as never } });
    await db.settlementConfig.updateMany({ where: { tenantId }, data: { payoutRail: before.payoutRail ?? 'OFFLINE' } });
  }
  await browser?.close();
  await db?.$disconnect();
});

describe('Razorpay Route on the operator’s screens', () => {
  it('asks for the operator’s own linked account, answers a refusal in the form, and shows the account once made', async () => {
    await admin.goto(tenantUrl('voltway', '/settings/payouts'));
    const form = admin.locator('[data-testid=operator-linked-account-form]');
    await form.waitFor();
    await admin.fill('input[name=legalBusinessName]', 'Voltway Charging Pvt Ltd');
    await admin.fill('input[name=contactName]', 'Voltway Finance');
    await admin.fill('input[name=email]', 'finance@voltway.example.in');
    await admin.fill('input[name=phone]', '9876543210');
    await admin.fill('input[name=street1]', '12 MG Road');
    await admin.fill('input[name=street2]', 'Ashok Nagar');
    await admin.fill('input[name=city]', 'Bengaluru');
    await admin.fill('input[name=state]', 'Karnataka');
    await admin.fill('input[name=postalCode]', '560001');
    await admin.fill('input[name=accountNumber]', '50100099887766');
    await admin.fill('input[name=ifsc]', 'HDFC0000123');
    await admin.fill('input[name=beneficiaryName]', 'Voltway Charging Pvt Ltd');
    await admin.click('button:has-text("Make the operator’s linked account")');
    // This server has no platform Razorpay keys: the refusal is said in the form, nothing is made.
    await form.locator('text=no Razorpay keys').waitFor();
    expect(await db.vendorLinkedAccount.count({ where: { tenantId, vendorId: null } })).toBe(0);
    await shots(admin, 'route-operator-account-form');

    await db.vendorLinkedAccount.create({
      data: { tenantId, vendorId: null, accountId: OPERATOR_ACC, status: 'activated' },
    });
    await admin.reload();
    const made = admin.locator('[data-testid=operator-linked-account]');
    await made.waitFor();
    expect(await made.innerText()).toContain(OPERATOR_ACC);
    expect(await form.count()).toBe(0);
    await shots(admin, 'route-operator-account');
  });

  it('shows the run’s operator transfer, the amount short per payee, and a share taken back after a refund', async () => {
    await admin.goto(tenantUrl('voltway', `/settlements/${weekId}`));
    const shortfalls = admin.locator('[data-testid=payout-shortfalls]');
    await shortfalls.waitFor();
    expect(await shortfalls.innerText()).toContain('₹500.00: the captured payments could not cover');
    // A Route run is paid by transfers: no bank upload file to pay it twice.
    expect(await admin.locator('button:has-text("Bank upload file")').count()).toBe(0);
    expect(await admin.locator('td:has-text("Operator (own share)")').count()).toBe(1);
    const reversals = admin.locator('[data-testid=payout-reversals]');
    expect(await reversals.innerText()).toContain('Taken back from the transfer (rvrsl_E2e00000000001)');
    expect(await reversals.innerText()).toContain('₹70.00');
    await shots(admin, 'route-payout-run');
  });
});
