import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createRazorpayRouteClient, type RazorpayRouteClient } from '@magma/payments';
import { startFakeRoute, type FakeRoute } from '@magma/payments/route-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSettlementWeek } from '../settlements/close-week.ts';
import { aPaidSession, aTenantWithVendors } from '../settlements/settlements.fixtures.ts';
import { updateSettlementConfig } from '../settlements/settlement-setup.ts';
import { createSplitTerms } from '../settlements/split-terms.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { adjustment } from '@magma/ledger';
import { postEntries } from '../ledger/post-entries.ts';
import { postPaymentRefunds } from '../ledger/post-payment-refunds.ts';
import { createPayoutRun } from './create-payout-run.ts';
import { setPayoutRail } from './payout-rail-account.ts';
import { ensureOperatorLinkedAccount, getRouteLinkedAccounts } from './route-operator-account.ts';
import { reverseRouteTransfers } from './route-transfer-reversals.ts';
import {
  ensureVendorLinkedAccounts,
  handleRouteWebhook,
  pollRouteTransfers,
  submitRouteTransfers,
} from './razorpay-route-payouts.ts';

// Razorpay Route over real PostgreSQL and a local Route server: only a tenant on the platform's
// marketplace account may pick the rail; linked accounts (the operator's and each vendor's) are
// made once; a closed week's run splits each vendor's net payable over its sessions' captured
// payments and the operator's share over what is left, the worker makes each transfer once (also
// when the first answer is lost) and releases its hold; the webhook and the poll move the payouts
// on, and a failed transfer returns its money to the vendor's balance. What the payments cannot
// cover is reported per payee and paid by a later run; a refund after the run takes the vendor's
// share back from its transfer, or leaves it to the next statement once the transfer is settled.

const CREDS = { keyId: 'rzp_test_platform1', keySecret: 'route-secret-0123', webhookSecret: 'route-webhook-1' };

let t: TestDatabase;
let fake: FakeRoute;
let route: RazorpayRouteClient;
let tenantId: string;
let vendorIds: [string, string];
let weekId: string;
const scope = () => tenantScope(tenantId);
const transferPosts = () => fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/transfers'));
const OPERATOR = {
  legalBusinessName: 'Ledger Test Charging Pvt Ltd',
  businessType: 'private_limited' as const,
  pan: 'ABCCL1234K',
  contactName: 'Asha Rao',
  email: 'finance@operator.example.in',
  phone: '9876543210',
  address: {
    street1: '12 MG Road',
    street2: 'Ashok Nagar',
    city: 'Bengaluru',
    state: 'Karnataka',
    postalCode: '560001',
  },
  bank: { accountNumber: '50100099887766', ifsc: 'HDFC0000123', beneficiaryName: 'Ledger Test Charging Pvt Ltd' },
};
/** The statement's net payable of a vendor in a week. */
const netPayable = async (weekId: string, vendorId: string) =>
  Number(
    (await t.db.settlementStatement.findFirstOrThrow({ where: { weekId, vendorId, siteKey: '' } })).netPayableMinor,
  );
const sum = (ps: { amountMinor: bigint | number }[]) => ps.reduce((n, p) => n + Number(p.amountMinor), 0);
/** A session of a vendor paid on the platform's Razorpay account (known to the local Route server). */
async function aPlatformSession(vendor: number, at: Date, costMinor: number) {
  const v = await t.db.vendor.findFirstOrThrow({
    where: { id: vendorIds[vendor] },
    include: { sites: true, chargers: true },
  });
  const { payment, transaction } = await aPaidSession(t.db, {
    tenantId,
    vendorId: v.id,
    siteId: v.sites[0]!.id,
    chargerId: v.chargers[0]!.id,
    at,
    energyWh: 10_000,
    costMinor,
    taxMinor: Math.round(costMinor * 0.18),
  });
  const providerPaymentId = `pay_${payment.id.replace(/-/g, '').slice(0, 14)}`;
  await t.db.payment.update({ where: { id: payment.id }, data: { provider: 'RAZORPAY', providerPaymentId } });
  fake.addPayment(providerPaymentId, payment.capturedMinor);
  return { payment, transaction };
}
const weekOf = (at: Date) =>
  t.db.settlementWeek.findFirstOrThrow({ where: { tenantId, weekStart: { lte: at }, weekEnd: { gt: at } } });

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

  it('creates the operator’s own linked account once, from its details, and refuses bad ones', async () => {
    const other = await aTenantWithVendors(t.db, { vendors: 0 });
    await expect(
      ensureOperatorLinkedAccount({ db: t.db, scope: tenantScope(other.tenant.id), route, input: OPERATOR }),
    ).rejects.toThrow(/marketplace/);
    await expect(
      ensureOperatorLinkedAccount({
        db: t.db,
        scope: scope(),
        route,
        input: { ...OPERATOR, bank: { ...OPERATOR.bank, ifsc: 'HDFC123' } },
      }),
    ).rejects.toThrow(/IFSC/);
    const before = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v2/accounts').length;
    // Two clicks at once make one account.
    const [a, b] = await Promise.all([
      ensureOperatorLinkedAccount({ db: t.db, scope: scope(), route, input: OPERATOR }),
      ensureOperatorLinkedAccount({ db: t.db, scope: scope(), route, input: OPERATOR }),
    ]);
    expect(a.accountId).toBe(b.accountId);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const made = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v2/accounts').slice(before);
    expect(made).toHaveLength(1);
    expect(made[0]!.json()).toMatchObject({
      type: 'route',
      legal_business_name: OPERATOR.legalBusinessName,
      business_type: 'private_limited',
      legal_info: { pan: 'ABCCL1234K' },
      profile: { category: 'utilities', subcategory: 'electricity' },
    });
    const settlement = fake.requests.find(
      (r) => r.method === 'PATCH' && r.path.startsWith(`/v2/accounts/${a.accountId}/products/`),
    );
    expect(settlement!.json()).toMatchObject({
      settlements: { account_number: OPERATOR.bank.accountNumber, ifsc_code: 'HDFC0000123' },
    });
    expect(await getRouteLinkedAccounts({ db: t.db, scope: scope() })).toMatchObject({
      operator: { accountId: a.accountId, status: 'activated' },
      vendorsLinked: 2,
    });
  });
});

describe('paying a closed week by Route', () => {
  it('splits each net payable over the captured payments and makes every transfer once', async () => {
    const at = new Date('2026-11-18T06:00:00Z');
    for (const [vendor, costMinor] of [
      [0, 10_000],
      [0, 10_000],
      [1, 8_000],
    ] as const) {
      await aPlatformSession(vendor, at, costMinor);
    }
    await closeSettlementWeek({ db: t.db, tenantId, at, now: new Date('2026-11-23T00:00:00Z') });
    weekId = (
      await t.db.settlementWeek.findFirstOrThrow({ where: { tenantId, weekStart: { lte: at }, weekEnd: { gt: at } } })
    ).id;

    const run = await createPayoutRun({ db: t.db, scope: scope(), weekId, now: new Date('2026-11-23T06:00:00Z') });
    expect(run).toMatchObject({ rail: 'RAZORPAY_ROUTE', skippedNoBank: [], shortfalls: [] });
    let vendorsNet = 0;
    for (const vendorId of vendorIds) {
      const net = await netPayable(weekId, vendorId);
      vendorsNet += net;
      const mine = await t.db.payout.findMany({ where: { tenantId, vendorId } });
      expect(mine.every((p) => p.status === 'QUEUED' && p.rail === 'RAZORPAY_ROUTE' && p.routePaymentId)).toBe(true);
      expect(sum(mine)).toBe(net);
    }
    // By hand: the drivers paid 2 × ₹118 + ₹94.40 (no gateway fee, no platform fee); each vendor
    // gets 70% of the net less the TDS withheld, the operator the rest: its 30%, the GST and the
    // TDS it must remit.
    const tds = await t.db.settlementStatement.aggregate({ where: { weekId, siteKey: '' }, _sum: { tdsMinor: true } });
    expect(vendorsNet).toBe(14_000 + 5_600 - Number(tds._sum.tdsMinor));
    const operator = await t.db.payout.findMany({ where: { tenantId, vendorId: null } });
    expect(sum(operator)).toBe(33_040 - vendorsNet);
    expect(operator.every((p) => p.status === 'QUEUED' && p.routePaymentId)).toBe(true);
    const payouts = await t.db.payout.findMany({ where: { tenantId } });
    expect(run.created).toBe(payouts.length);
    expect(await t.db.journalEntry.count({ where: { tenantId, sourceKind: 'PAYOUT_SENT' } })).toBe(
      payouts.length - operator.length,
    );
    // The operator's transfers are captured money settled to the operator: clearing → bank.
    expect(await t.db.journalEntry.count({ where: { tenantId, sourceKind: 'GATEWAY_SETTLEMENT' } })).toBe(
      operator.length,
    );

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

    // Every paisa the drivers paid left the platform's account, none twice.
    expect([...fake.transfers.values()].reduce((n, tr) => n + tr.amount, 0)).toBe(33_040);
    const linked = await t.db.vendorLinkedAccount.findMany({ where: { tenantId } });
    for (const p of await t.db.payout.findMany({ where: { tenantId } })) {
      const tr = fake.transfers.get(p.providerPayoutId!)!;
      expect(tr).toMatchObject({ amount: Number(p.amountMinor), notes: { magma_ref: p.id }, on_hold: false });
      expect(tr.recipient).toBe(linked.find((l) => l.vendorId === p.vendorId)!.accountId);
      expect(p.status).toBe('PENDING');
    }
  });

  it('a signed transfer.processed webhook marks the payout PROCESSED, once, and a late pending event does not move it back', async () => {
    const p = await t.db.payout.findFirstOrThrow({ where: { tenantId, vendorId: vendorIds[0] } });
    fake.transfers.get(p.providerPayoutId!)!.status = 'pending';
    const stale = fake.webhook('transfer.pending', p.providerPayoutId!);
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
    // Out of order: an event sent while the transfer was still pending arrives after the processed one.
    expect(await hook(stale)).toMatchObject({ status: 200 });
    expect((await t.db.payout.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('PROCESSED');
    expect(await t.db.journalEntry.count({ where: { tenantId, sourceKind: 'PAYOUT_FAILED' } })).toBe(0);
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

    // Week 2 also gives vendor 1 (index 0) a ₹500 credit from the operator, with no sessions to pay it from.
    await t.db.$transaction((tx) =>
      postEntries({
        tx,
        tenantId,
        purpose: 'adjustment',
        entries: [
          adjustment({
            id: 'goodwill-week-2',
            at: new Date('2026-11-26T06:00:00Z').getTime(),
            currency: 'INR',
            amountMinor: 50_000,
            debit: { kind: 'OPERATOR_REVENUE' },
            credit: { kind: 'VENDOR_PAYABLE', vendorId: vendorIds[0] },
            memo: 'goodwill credit',
          }),
        ],
      }),
    );
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

describe('what the payments cannot cover, and refunds after the run', () => {
  it('pays a returned transfer again out of its earlier payment and reports, per payee, what no payment covers', async () => {
    const week2 = await weekOf(new Date('2026-11-25T06:00:00Z'));
    const failed = await t.db.payout.findFirstOrThrow({
      where: { tenantId, vendorId: vendorIds[1], status: 'FAILED' },
    });
    const run = await createPayoutRun({
      db: t.db,
      scope: scope(),
      weekId: week2.id,
      now: new Date('2026-12-01T06:00:00Z'),
    });
    // Vendor 2's returned ₹55.91 goes out again of the payment it came from (its only one).
    const again = await t.db.payout.findMany({ where: { runId: run.runId, vendorId: vendorIds[1] } });
    expect(again.map((p) => [Number(p.amountMinor), p.routePaymentId])).toEqual([
      [Number(failed.amountMinor), failed.routePaymentId],
    ]);
    // Vendor 1's ₹500 credit: no payment of its sessions has room: short, kept, and said so.
    const short = [
      { vendorId: vendorIds[0], name: 'Vendor 1', payableMinor: 50_000, transferredMinor: 0, shortMinor: 50_000 },
    ];
    expect(run.shortfalls).toEqual(short);
    expect(await t.db.payout.count({ where: { runId: run.runId, vendorId: vendorIds[0] } })).toBe(0);
    // The operator owes that credit out of its own share: nothing is transferred to it this week.
    expect(await t.db.payout.count({ where: { runId: run.runId, vendorId: null } })).toBe(0);
    expect((await t.db.payoutRun.findUniqueOrThrow({ where: { id: run.runId } })).shortfalls).toEqual(short);
    // Run again: nothing new, the same report.
    const rerun = await createPayoutRun({
      db: t.db,
      scope: scope(),
      weekId: week2.id,
      now: new Date('2026-12-01T07:00:00Z'),
    });
    expect(rerun).toMatchObject({ created: 0, shortfalls: short });
  });

  it('a later week pays the shortfall with its own payable, and the operator gets exactly what is left', async () => {
    const at = new Date('2026-12-02T06:00:00Z');
    const { payment } = await aPlatformSession(0, at, 200_000);
    await closeSettlementWeek({ db: t.db, tenantId, at, now: new Date('2026-12-08T00:00:00Z') });
    const week3 = await weekOf(at);
    const net = await netPayable(week3.id, vendorIds[0]);
    const st3 = await t.db.settlementStatement.findFirstOrThrow({
      where: { weekId: week3.id, vendorId: vendorIds[0], siteKey: '' },
    });
    // ₹1,400 share of ₹2,000 net, less the TDS withheld; nothing carried in (week 2's ₹500 is owed
    // by the shortfall, not by the statements).
    expect(net).toBe(140_000 - Number(st3.tdsMinor));
    const run = await createPayoutRun({
      db: t.db,
      scope: scope(),
      weekId: week3.id,
      now: new Date('2026-12-08T06:00:00Z'),
    });
    expect(run.shortfalls).toEqual([]);
    const vendor = await t.db.payout.findMany({ where: { runId: run.runId, vendorId: vendorIds[0] } });
    expect(sum(vendor)).toBe(50_000 + net);
    const operator = await t.db.payout.findMany({ where: { runId: run.runId, vendorId: null } });
    expect(sum(operator)).toBe(payment.capturedMinor - 50_000 - net);
    expect([...vendor, ...operator].every((p) => p.routePaymentId === payment.id)).toBe(true);
    const now = () => new Date('2026-12-08T06:05:00Z');
    expect(await submitRouteTransfers({ db: t.db, route, now })).toMatchObject({ submitted: 3, failed: 0 });
    const out = [...fake.transfers.values()].filter(
      (tr) => tr.source === `pay_${payment.id.replace(/-/g, '').slice(0, 14)}`,
    );
    expect(out.reduce((n, tr) => n + tr.amount, 0)).toBe(payment.capturedMinor);
  });

  it('a refund after the run takes the vendor’s share back from its transfer once; once settled, the next statement takes it', async () => {
    const week3 = await weekOf(new Date('2026-12-02T06:00:00Z'));
    const payout = await t.db.payout.findFirstOrThrow({
      where: { tenantId, vendorId: vendorIds[0], run: { weekId: week3.id } },
    });
    const payment = await t.db.payment.findUniqueOrThrow({ where: { id: payout.routePaymentId! } });
    const refund = async (id: string, at: Date) => {
      await t.db.refund.create({
        data: {
          id,
          paymentId: payment.id,
          amountMinor: 11_800,
          status: 'PROCESSED',
          providerRefundId: `rfnd_${id.slice(0, 8)}`,
        },
      });
      await t.db.payment.update({
        where: { id: payment.id },
        data: { refundedMinor: { increment: 11_800 }, status: 'PARTIALLY_REFUNDED' },
      });
      await t.db.$transaction((tx) => postPaymentRefunds({ tx, paymentId: payment.id, at }));
    };
    const reversalPosts = () =>
      fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/reversals')).length;
    const job = (at: string) => reverseRouteTransfers({ db: t.db, route, now: () => new Date(at) });

    // ₹118 of ₹2,360 back to the driver after the week was paid: 5% of the vendor's ₹1,400 share.
    const r1 = '7d1e5a8e-0000-4000-8000-000000000001';
    await refund(r1, new Date('2026-12-09T06:00:00Z'));
    fake.loseAnswers(1);
    expect(await job('2026-12-09T06:10:00Z')).toEqual({ queued: 1, reversed: 1, carried: 0, waiting: 0 });
    expect(await job('2026-12-09T06:20:00Z')).toEqual({ queued: 0, reversed: 0, carried: 0, waiting: 0 });
    expect(reversalPosts()).toBe(1);
    const tr = fake.transfers.get(payout.providerPayoutId!)!;
    expect(tr.amount_reversed).toBe(7_000);
    const row = await t.db.routeTransferReversal.findFirstOrThrow({ where: { refundId: r1 } });
    expect(row).toMatchObject({ status: 'REVERSED', payoutId: payout.id, amountMinor: 7_000n });
    expect(row.providerReversalId).toMatch(/^rvrsl_/);
    // Owed to the vendor again (it gave the share back through the reversal), so the next
    // statement does not take it a second time; the payout itself stands.
    const back = await t.db.journalEntry.findFirstOrThrow({
      where: { tenantId, sourceKind: 'PAYOUT_FAILED', sourceId: row.id },
      include: { lines: { include: { account: true } } },
    });
    expect(back.lines.map((l) => [l.account.code, Number(l.amountMinor)]).sort()).toEqual(
      [
        ['BANK', 7_000],
        [`VENDOR_PAYABLE:${vendorIds[0]}`, -7_000],
      ].sort(),
    );
    expect((await t.db.payout.findUniqueOrThrow({ where: { id: payout.id } })).status).toBe('PENDING');

    // Settled to the vendor's bank: a second refund is not reversed; the next statement takes it.
    fake.settle(payout.providerPayoutId!);
    const r2 = '7d1e5a8e-0000-4000-8000-000000000002';
    await refund(r2, new Date('2026-12-10T06:00:00Z'));
    expect(await job('2026-12-10T06:10:00Z')).toEqual({ queued: 1, reversed: 0, carried: 1, waiting: 0 });
    expect(reversalPosts()).toBe(1);
    expect(tr.amount_reversed).toBe(7_000);
    expect(await t.db.routeTransferReversal.findFirstOrThrow({ where: { refundId: r2 } })).toMatchObject({
      status: 'CARRIED',
      amountMinor: 7_000n,
    });
    expect(await t.db.journalEntry.count({ where: { tenantId, sourceKind: 'PAYOUT_FAILED', sourceId: r2 } })).toBe(0);

    // Week 4: both refunds take ₹70 each from the vendor's share; the reversed one comes back.
    const at4 = new Date('2026-12-09T06:00:00Z');
    await closeSettlementWeek({ db: t.db, tenantId, at: at4, now: new Date('2026-12-15T00:00:00Z') });
    const st = await t.db.settlementStatement.findFirstOrThrow({
      where: { weekId: (await weekOf(at4)).id, vendorId: vendorIds[0], siteKey: '' },
    });
    expect([Number(st.refundsMinor), Number(st.adjustmentsMinor)]).toEqual([14_000, 7_000]);
  });

  it('a transfer reported reversed only by our own reversals stands; reversed beyond them, only the rest returns', async () => {
    const payout = await t.db.payout.findFirstOrThrow({
      where: { tenantId, vendorId: vendorIds[0], run: { weekId: (await weekOf(new Date('2026-12-02T06:00:00Z'))).id } },
    });
    const tr = fake.transfers.get(payout.providerPayoutId!)!;
    const hook = () =>
      handleRouteWebhook({
        db: t.db,
        route,
        ...fake.webhook('transfer.reversed', tr.id),
        now: new Date('2026-12-16T06:00:00Z'),
      });
    // Reported "reversed" with just the ₹70 we took back: not a reversed payout.
    tr.status = 'reversed';
    expect(await hook()).toEqual({ status: 200, body: { ok: true, applied: 0 } });
    expect((await t.db.payout.findUniqueOrThrow({ where: { id: payout.id } })).status).toBe('PENDING');
    // Someone reversed the rest at Razorpay: the payout is reversed, and only what we had not
    // already taken back (and posted back) returns to the vendor.
    tr.amount_reversed = tr.amount;
    expect(await hook()).toEqual({ status: 200, body: { ok: true, applied: 1 } });
    expect((await t.db.payout.findUniqueOrThrow({ where: { id: payout.id } })).status).toBe('REVERSED');
    const returned = await t.db.journalEntry.findFirstOrThrow({
      where: { tenantId, sourceKind: 'PAYOUT_FAILED', sourceId: payout.id },
      include: { lines: { include: { account: true } } },
    });
    const toVendor = returned.lines.find((l) => l.account.kind === 'VENDOR_PAYABLE')!;
    expect(Number(toVendor.amountMinor)).toBe(-(Number(payout.amountMinor) - 7_000));
    expect(await hook()).toEqual({ status: 200, body: { ok: true, applied: 0 } });
  });
});
