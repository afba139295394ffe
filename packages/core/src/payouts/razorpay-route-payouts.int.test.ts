import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createRazorpayRouteClient, type RazorpayRouteClient } from '@magma/payments';
import { startFakeRoute, type FakeRoute } from '@magma/payments/route-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSettlementWeek } from '../settlements/close-week.ts';
import { aPaidSession, aTenantWithVendors } from '../settlements/settlements.fixtures.ts';
import { updateSettlementConfig } from '../settlements/settlement-setup.ts';
import { createSplitTerms } from '../settlements/split-terms.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { createPayoutRun } from './create-payout-run.ts';
import { setPayoutRail } from './payout-rail-account.ts';
import {
  ensureVendorLinkedAccounts,
  handleRouteWebhook,
  pollRouteTransfers,
  submitRouteTransfers,
} from './razorpay-route-payouts.ts';

// Razorpay Route over real PostgreSQL and a local Route server: only a tenant on the platform's
// marketplace account may pick the rail; linked accounts are made once; a closed week's run splits
// each vendor's net payable over its sessions' captured payments, the worker makes each transfer
// once (also when the first answer is lost) and releases its hold; the webhook and the poll move
// the payouts on, and a failed transfer returns its money to the vendor's balance.

const CREDS = { keyId: 'rzp_test_platform1', keySecret: 'route-secret-0123', webhookSecret: 'route-webhook-1' };

let t: TestDatabase;
let fake: FakeRoute;
let route: RazorpayRouteClient;
let tenantId: string;
let vendorIds: [string, string];
let weekId: string;
const scope = () => tenantScope(tenantId);
const transferPosts = () => fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/transfers'));

beforeAll(async () => {
  [t, fake] = await Promise.all([createTestDatabase({ max: 4 }), startFakeRoute(CREDS)]);
  route = createRazorpayRouteClient({ ...CREDS, baseUrl: fake.url, retryDelaysMs: [5, 10] });
  const w = await aTenantWithVendors(t.db, { vendors: 2, pans: ['ABCPE1234F', 'ABCPE1234G'] });
  tenantId = w.tenant.id;
  vendorIds = [w.vendors[0]!.vendor.id, w.vendors[1]!.vendor.id];
  await t.db.tenant.update({ where: { id: tenantId }, data: { paymentsMode: 'PLATFORM_ACCOUNT' } });
  await t.db.vendor.updateMany({
    where: { tenantId },
    data: {
      bankAccountName: 'Vendor Pvt Ltd',
      bankAccountNumber: '50100012345678',
      bankIfsc: 'HDFC0001234',
      contactEmail: 'v@example.in',
      contactPhone: '9000000001',
    },
  });
  await t.db.site.updateMany({ where: { tenantId }, data: { postalCode: '560001' } });
  for (const vendorId of vendorIds) {
    await createSplitTerms({
      db: t.db,
      scope: scope(),
      input: { vendorId, effectiveFrom: new Date('2026-01-01'), vendorShareBps: 7000 },
    });
  }
});
afterAll(async () => {
  await Promise.all([t?.drop(), fake?.close()]);
});

describe('choosing Razorpay Route', () => {
  it('is refused for a tenant whose drivers do not pay through the platform account', async () => {
    const other = await aTenantWithVendors(t.db, { vendors: 1 });
    await t.db.tenant.update({ where: { id: other.tenant.id }, data: { paymentsMode: 'OWN_ACCOUNTS' } });
    const s = tenantScope(other.tenant.id);
    await expect(
      setPayoutRail({ db: t.db, scope: s, keyring: null, input: { rail: 'RAZORPAY_ROUTE' } }),
    ).rejects.toThrow(/platform’s marketplace account/);
    await expect(
      updateSettlementConfig({ db: t.db, scope: s, input: { payoutRail: 'RAZORPAY_ROUTE' } }),
    ).rejects.toThrow(/platform’s marketplace account/);
    await expect(ensureVendorLinkedAccounts({ db: t.db, scope: s, route })).rejects.toThrow(/marketplace/);
    expect(await t.db.settlementConfig.count({ where: { tenantId: other.tenant.id } })).toBe(0);

    const ok = await setPayoutRail({ db: t.db, scope: scope(), keyring: null, input: { rail: 'RAZORPAY_ROUTE' } });
    expect(ok.rail).toBe('RAZORPAY_ROUTE');
  });

  it('creates each vendor’s linked account once and reuses it', async () => {
    expect(await ensureVendorLinkedAccounts({ db: t.db, scope: scope(), route })).toEqual({ created: 2, skipped: [] });
    expect(await ensureVendorLinkedAccounts({ db: t.db, scope: scope(), route })).toEqual({ created: 0, skipped: [] });
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v2/accounts')).toHaveLength(2);
    const rows = await t.db.vendorLinkedAccount.findMany({ where: { tenantId } });
    expect(rows.map((r) => r.vendorId).sort()).toEqual([...vendorIds].sort());
    expect(rows.every((r) => r.accountId.startsWith('acc_') && r.status === 'activated')).toBe(true);
  });
});

describe('paying a closed week by Route', () => {
  it('splits each net payable over the captured payments and makes every transfer once', async () => {
    const at = new Date('2026-11-18T06:00:00Z');
    const w = await t.db.vendor.findMany({ where: { tenantId }, include: { sites: true, chargers: true } });
    for (const [vendor, costMinor] of [
      [0, 10_000],
      [0, 10_000],
      [1, 8_000],
    ] as const) {
      const v = w.find((x) => x.id === vendorIds[vendor])!;
      const { payment } = await aPaidSession(t.db, {
        tenantId,
        vendorId: v.id,
        siteId: v.sites[0]!.id,
        chargerId: v.chargers[0]!.id,
        at,
        energyWh: 10_000,
        costMinor,
        taxMinor: Math.round(costMinor * 0.18),
      });
      // Taken on the platform's Razorpay account.
      const providerPaymentId = `pay_${payment.id.replace(/-/g, '').slice(0, 14)}`;
      await t.db.payment.update({ where: { id: payment.id }, data: { provider: 'RAZORPAY', providerPaymentId } });
      fake.addPayment(providerPaymentId, payment.capturedMinor);
    }
    await closeSettlementWeek({ db: t.db, tenantId, at, now: new Date('2026-11-23T00:00:00Z') });
    weekId = (
      await t.db.settlementWeek.findFirstOrThrow({ where: { tenantId, weekStart: { lte: at }, weekEnd: { gt: at } } })
    ).id;

    const run = await createPayoutRun({ db: t.db, scope: scope(), weekId, now: new Date('2026-11-23T06:00:00Z') });
    expect(run).toMatchObject({ rail: 'RAZORPAY_ROUTE', skippedNoBank: [] });
    for (const vendorId of vendorIds) {
      const net = Number(
        (await t.db.settlementStatement.findFirstOrThrow({ where: { weekId, vendorId, siteKey: '' } })).netPayableMinor,
      );
      const mine = await t.db.payout.findMany({ where: { tenantId, vendorId } });
      expect(mine.every((p) => p.status === 'QUEUED' && p.rail === 'RAZORPAY_ROUTE' && p.routePaymentId)).toBe(true);
      expect(mine.reduce((n, p) => n + Number(p.amountMinor), 0)).toBe(net);
    }
    const payouts = await t.db.payout.findMany({ where: { tenantId } });
    expect(run.created).toBe(payouts.length);
    expect(await t.db.journalEntry.count({ where: { tenantId, sourceKind: 'PAYOUT_SENT' } })).toBe(payouts.length);

    // The first answer is lost after the transfer was made: the retry finds it by our reference.
    fake.loseAnswers(1);
    const now = () => new Date('2026-11-23T06:05:00Z');
    expect(await submitRouteTransfers({ db: t.db, route, now })).toEqual({
      submitted: payouts.length,
      failed: 0,
      waiting: 0,
    });
    expect(fake.transfers.size).toBe(payouts.length);
    expect(await submitRouteTransfers({ db: t.db, route, now })).toEqual({ submitted: 0, failed: 0, waiting: 0 });
    expect(
      (await createPayoutRun({ db: t.db, scope: scope(), weekId, now: new Date('2026-11-23T07:00:00Z') })).created,
    ).toBe(0);
    expect(fake.transfers.size).toBe(payouts.length);
    // One POST each; the lost answer was recovered by reading the payment's transfers again.
    expect(transferPosts().length).toBe(payouts.length);
    const reads = fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/transfers'));
    expect(reads.length).toBe(payouts.length + 1);

    const linked = await t.db.vendorLinkedAccount.findMany({ where: { tenantId } });
    for (const p of await t.db.payout.findMany({ where: { tenantId } })) {
      const tr = fake.transfers.get(p.providerPayoutId!)!;
      expect(tr).toMatchObject({ amount: Number(p.amountMinor), notes: { magma_ref: p.id }, on_hold: false });
      expect(tr.recipient).toBe(linked.find((l) => l.vendorId === p.vendorId)!.accountId);
      expect(p.status).toBe('PENDING');
    }
  });

  it('a signed transfer.processed webhook marks the payout PROCESSED, once', async () => {
    const p = await t.db.payout.findFirstOrThrow({ where: { tenantId, vendorId: vendorIds[0] } });
    fake.transfers.get(p.providerPayoutId!)!.status = 'processed';
    const delivery = fake.webhook('transfer.processed', p.providerPayoutId!);
    const hook = (d: typeof delivery) =>
      handleRouteWebhook({ db: t.db, route, ...d, now: new Date('2026-11-24T10:00:00Z') });
    expect(await hook({ ...delivery, headers: { 'x-razorpay-signature': 'f'.repeat(64) } })).toMatchObject({
      status: 401,
    });
    expect(await hook(delivery)).toEqual({ status: 200, body: { ok: true, applied: 1 } });
    expect(await hook(delivery)).toEqual({ status: 200, body: { ok: true, applied: 0 } });
    expect((await t.db.payout.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('PROCESSED');
  });

  it('a failed transfer found by the poll returns the money to the vendor’s balance', async () => {
    const p = await t.db.payout.findFirstOrThrow({ where: { tenantId, vendorId: vendorIds[1] } });
    fake.transfers.get(p.providerPayoutId!)!.status = 'failed';
    // No news since the submission on the 23rd: the poll on the 25th asks.
    await t.db.payout.updateMany({ where: { tenantId }, data: { updatedAt: new Date('2026-11-23T06:05:00Z') } });
    const poll = () => pollRouteTransfers({ db: t.db, route, now: () => new Date('2026-11-25T10:00:00Z') });
    expect(await poll()).toBeGreaterThanOrEqual(1);
    expect((await t.db.payout.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('FAILED');
    expect(await t.db.journalEntry.count({ where: { tenantId, sourceKind: 'PAYOUT_FAILED' } })).toBe(1);
    await poll();
    expect(await t.db.journalEntry.count({ where: { tenantId, sourceKind: 'PAYOUT_FAILED' } })).toBe(1);

    // The next week's statement carries it back.
    const at = new Date('2026-11-25T06:00:00Z');
    await closeSettlementWeek({ db: t.db, tenantId, at, now: new Date('2026-12-01T00:00:00Z') });
    const week2 = await t.db.settlementWeek.findFirstOrThrow({
      where: { tenantId, weekStart: { lte: at }, weekEnd: { gt: at } },
    });
    const st = await t.db.settlementStatement.findFirstOrThrow({
      where: { weekId: week2.id, vendorId: vendorIds[1], siteKey: '' },
    });
    expect(Number(st.adjustmentsMinor)).toBe(Number(p.amountMinor));
  });
});
