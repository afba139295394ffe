import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import type { PayoutEvent } from '@magma/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postPaymentRefunds } from '../ledger/post-payment-refunds.ts';
import { postTransactionSettlement } from '../ledger/post-session-settlement.ts';
import { applyPayoutEvents } from '../payouts/apply-payout-events.ts';
import { createPayoutRun } from '../payouts/create-payout-run.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { closeDueWeeks } from './close-due-weeks.ts';
import { closeSettlementWeek } from './close-week.ts';
import { aPaidSession, aTenantWithVendors } from './settlements.fixtures.ts';
import { createSplitTerms } from './split-terms.ts';

// The week close over real PostgreSQL: sessions posted at settlement (or by the close's catch-up),
// statements per vendor and site with TDS with and without a PAN, closing twice, a refund after the
// close rolling into the next week and a negative week carried forward. Weeks close on Monday 00:00
// in Asia/Kolkata (the defaults): the week of Wed 18 Nov 2026 runs Mon 16 Nov 00:00 IST
// (15 Nov 18:30Z) to Mon 23 Nov 00:00 IST (22 Nov 18:30Z).

let t: TestDatabase;
let tenantId: string;
let v1: Awaited<ReturnType<typeof aTenantWithVendors>>['vendors'][number];
let v2: typeof v1;
let s1: Awaited<ReturnType<typeof aPaidSession>>;
let s2: Awaited<ReturnType<typeof aPaidSession>>;
const WEEK1 = new Date('2026-11-18T06:00:00Z');
const WEEK1_END = new Date('2026-11-22T18:30:00Z');
const WEEK2 = new Date('2026-11-25T06:00:00Z');

async function vendorPayableBalance(vendorId: string, before?: Date) {
  const lines = await t.db.journalLine.findMany({
    where: {
      account: { vendorId, kind: 'VENDOR_PAYABLE' },
      ...(before ? { entry: { bookedAt: { lt: before } } } : {}),
    },
    select: { amountMinor: true },
  });
  return lines.reduce((n, l) => n + Number(l.amountMinor), 0);
}

beforeAll(async () => {
  t = await createTestDatabase({ max: 6 });
  const w = await aTenantWithVendors(t.db, { vendors: 2, pans: ['ABCPE1234F', null] });
  tenantId = w.tenant.id;
  [v1, v2] = w.vendors as [typeof v1, typeof v1];
  const scope = tenantScope(tenantId);
  await createSplitTerms({
    db: t.db,
    scope,
    input: { vendorId: v1.vendor.id, effectiveFrom: new Date('2026-01-01'), vendorShareBps: 7000 },
  });
  await createSplitTerms({
    db: t.db,
    scope,
    input: {
      vendorId: v2.vendor.id,
      effectiveFrom: new Date('2026-01-01'),
      vendorShareBps: 5000,
      vendorPerKwhMinor: 150,
    },
  });
  s1 = await aPaidSession(t.db, {
    tenantId,
    vendorId: v1.vendor.id,
    siteId: v1.site.id,
    chargerId: v1.charger.id,
    at: WEEK1,
    energyWh: 40_000,
    costMinor: 600_000,
    taxMinor: 108_000,
    gatewayFeeMinor: 2360,
    gatewayTaxMinor: 360,
  });
  s2 = await aPaidSession(t.db, {
    tenantId,
    vendorId: v2.vendor.id,
    siteId: v2.site.id,
    chargerId: v2.charger.id,
    at: WEEK1,
    energyWh: 8000,
    costMinor: 20_000,
    taxMinor: 3600,
  });
});
afterAll(async () => {
  await t.drop();
});

describe('posting at settlement', () => {
  it('posts a session once, balanced, however often it is posted', async () => {
    const post = () =>
      t.db.$transaction((tx) => postTransactionSettlement({ tx, transactionId: s1.transaction.id, at: WEEK1 }));
    expect(await post()).toMatchObject({ posted: true });
    expect(await post()).toEqual({ posted: false, reason: 'already-posted' });
    const lines = await t.db.journalLine.findMany({ where: { tenantId }, select: { amountMinor: true } });
    expect(lines.reduce((n, l) => n + l.amountMinor, 0n)).toBe(0n);
    // 70% of ₹6,000 net revenue.
    expect(await vendorPayableBalance(v1.vendor.id)).toBe(-420_000);
  });

  it('refuses to edit or delete a posting (the ledger is append-only)', async () => {
    await expect(t.db.journalEntry.updateMany({ where: { tenantId }, data: { memo: 'edited' } })).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.journalLine.deleteMany({ where: { tenantId } })).rejects.toThrow(/append-only/);
  });
});

describe('closing a week', () => {
  it('refuses a week that has not ended', async () => {
    await expect(closeSettlementWeek({ db: t.db, tenantId, at: WEEK1, now: WEEK1 })).rejects.toThrow(/not ended/);
  });

  it('writes statements with TDS with and without a PAN, and posts the sessions the settlement did not', async () => {
    const r = await closeSettlementWeek({ db: t.db, tenantId, at: WEEK1, now: new Date('2026-11-23T00:00:00Z') });
    expect(r).toMatchObject({ closedNow: true, postedSessions: 1, weekEnd: WEEK1_END });
    const rows = await t.db.settlementStatement.findMany({ where: { weekId: r.weekId, siteKey: '' } });
    const one = rows.find((s) => s.vendorId === v1.vendor.id)!;
    const two = rows.find((s) => s.vendorId === v2.vendor.id)!;
    // v1: 70% × 600000 = 420000 share; TDS 0.1% × 600000 = 600 (₹6); 420000 − 600 = 419400.
    expect(one).toMatchObject({
      sessions: 1,
      energyWh: 40_000n,
      grossMinor: 708_000n,
      gstMinor: 108_000n,
      vendorShareMinor: 420_000n,
      tdsMinor: 600n,
      weekNetMinor: 419_400n,
      openingMinor: 0n,
      netPayableMinor: 419_400n,
    });
    // v2, no PAN: 50% × 20000 + 8 kWh × 150 = 11200; TDS 5% × 20000 = 1000 (₹10); 11200 − 1000 = 10200.
    expect(two).toMatchObject({
      vendorShareMinor: 11_200n,
      tdsMinor: 1000n,
      weekNetMinor: 10_200n,
      netPayableMinor: 10_200n,
    });
    // A statement equals the sum of the vendor's postings in the week.
    expect(-(await vendorPayableBalance(v1.vendor.id, WEEK1_END))).toBe(Number(one.weekNetMinor));
    const site = await t.db.settlementStatement.findFirst({ where: { weekId: r.weekId, siteKey: v2.site.id } });
    expect(site).toMatchObject({ vendorShareMinor: 11_200n, tdsMinor: 1000n });
    const all = await t.db.journalLine.findMany({ where: { tenantId }, select: { amountMinor: true } });
    expect(all.reduce((n, l) => n + l.amountMinor, 0n)).toBe(0n);
  });

  it('closing the same week again changes nothing', async () => {
    const before = await t.db.settlementStatement.findMany({ where: { tenantId }, orderBy: { id: 'asc' } });
    const entries = await t.db.journalEntry.count({ where: { tenantId } });
    const r = await closeSettlementWeek({ db: t.db, tenantId, at: WEEK1, now: new Date('2026-11-24T00:00:00Z') });
    expect(r.closedNow).toBe(false);
    expect(await t.db.settlementStatement.findMany({ where: { tenantId }, orderBy: { id: 'asc' } })).toEqual(before);
    expect(await t.db.journalEntry.count({ where: { tenantId } })).toBe(entries);
  });

  it('books a refund after the close into the next week, where a negative week carries forward', async () => {
    await t.db.refund.create({
      data: { paymentId: s2.payment.id, amountMinor: 23_600, status: 'PROCESSED', providerRefundId: 'rfnd_1' },
    });
    // Refunded on the 20th, but that week is closed: the entry is booked at its end.
    await t.db.$transaction((tx) => postPaymentRefunds({ tx, paymentId: s2.payment.id, at: new Date('2026-11-20') }));
    const refund = await t.db.journalEntry.findFirstOrThrow({ where: { tenantId, sourceKind: 'REFUND' } });
    expect(refund.bookedAt).toEqual(WEEK1_END);
    await closeDueWeeks({ db: t.db, now: new Date('2026-12-01T00:00:00Z'), tenantIds: [tenantId] });
    const week2 = await t.db.settlementWeek.findFirstOrThrow({ where: { tenantId, weekStart: WEEK1_END } });
    expect(week2.status).toBe('CLOSED');
    const two = await t.db.settlementStatement.findFirstOrThrow({
      where: { weekId: week2.id, vendorId: v2.vendor.id, siteKey: '' },
    });
    // The whole price refunded: the 11200 share goes back, no TDS on a negative base; paid nothing,
    // the −11200 carries to the next statement.
    expect(two).toMatchObject({ refundsMinor: 11_200n, tdsMinor: 0n, weekNetMinor: -11_200n, netPayableMinor: 0n });
    void WEEK2;
  });
});

describe('payouts of a closed week', () => {
  const event = (
    providerPayoutId: string,
    reference: string,
    status: PayoutEvent['status'],
    utr: string | null = null,
  ) => ({
    providerEventId: `${providerPayoutId}:${status}`,
    providerPayoutId,
    reference,
    status,
    amountMinor: 0,
    utr,
    failureReason: status === 'reversed' ? 'beneficiary bank rejected' : null,
    raw: {},
  });

  it('pays each vendor its net payable once, however often the run is made', async () => {
    const scope = tenantScope(tenantId);
    await t.db.vendor.updateMany({
      where: { tenantId },
      data: { bankAccountNumber: '50100012345678', bankIfsc: 'HDFC0001234' },
    });
    const week1 = await t.db.settlementWeek.findFirstOrThrow({ where: { tenantId, weekEnd: WEEK1_END } });
    const first = await createPayoutRun({ db: t.db, scope, weekId: week1.id, now: new Date('2026-11-23T06:00:00Z') });
    expect(first.created).toBe(2);
    const again = await createPayoutRun({ db: t.db, scope, weekId: week1.id, now: new Date('2026-11-23T07:00:00Z') });
    expect(again.created).toBe(0);
    const payouts = await t.db.payout.findMany({ where: { tenantId }, orderBy: { amountMinor: 'desc' } });
    expect(payouts.map((p) => p.amountMinor)).toEqual([419_400n, 10_200n]);
  });

  it('applies duplicate and out-of-order webhooks once, and a reversal returns the money to the vendor', async () => {
    const p = await t.db.payout.findFirstOrThrow({ where: { tenantId, vendorId: v1.vendor.id } });
    const before = await vendorPayableBalance(v1.vendor.id);
    const events = [
      event('pout_1', p.idempotencyKey, 'processed', 'UTR0000001'),
      event('pout_1', p.idempotencyKey, 'processed', 'UTR0000001'),
      // Late: processing after processed changes nothing.
      event('pout_1', p.idempotencyKey, 'processing'),
    ];
    expect(await applyPayoutEvents({ db: t.db, tenantId, events, source: 'webhook' })).toBe(1);
    expect(await t.db.payout.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({
      status: 'PROCESSED',
      utr: 'UTR0000001',
    });
    expect(await vendorPayableBalance(v1.vendor.id)).toBe(before);
    const reversed = [event('pout_1', p.idempotencyKey, 'reversed'), event('pout_1', p.idempotencyKey, 'reversed')];
    expect(await applyPayoutEvents({ db: t.db, tenantId, events: reversed, source: 'webhook' })).toBe(1);
    // The 419400 paid out is owed to the vendor again (one PAYOUT_FAILED entry), for the next statement.
    expect(await vendorPayableBalance(v1.vendor.id)).toBe(before - 419_400);
    expect(await t.db.journalEntry.count({ where: { tenantId, sourceKind: 'PAYOUT_FAILED' } })).toBe(1);
    // Another tenant's events name no payout of this one.
    expect(await applyPayoutEvents({ db: t.db, tenantId: randomUUID(), events, source: 'webhook' })).toBe(0);
  });
});
