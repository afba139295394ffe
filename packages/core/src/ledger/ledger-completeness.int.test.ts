import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { adjustment } from '@magma/ledger';
import type { GatewayEvent } from '@magma/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPaymentEvent } from '../payments/record-payment-event.ts';
import { closeSettlementWeek } from '../settlements/close-week.ts';
import { aPaidSession, aTenantWithVendors } from '../settlements/settlements.fixtures.ts';
import { getSettlementWeek } from '../settlements/settlement-views.ts';
import { createSplitTerms } from '../settlements/split-terms.ts';
import { UNPRICED } from '../charging/price-ended-transaction.ts';
import { priceTransaction } from '../tariffs/price-transaction.ts';
import { seedDefaultTariff } from '../tariffs/seed-default-tariff.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { ledgerBalances, listJournalEntries } from './ledger-views.ts';
import { postEntries } from './post-entries.ts';
import { postTransactionSettlement } from './post-session-settlement.ts';

// What reaches the ledger besides a paid driver session: a session billed on account (an RFID card)
// when it is priced, a refund heard of only through the gateway's webhook, and amounts beyond the
// 32-bit range. Weeks close on Monday 00:00 in Asia/Kolkata: the week of Wed 18 Nov 2026 runs to
// Mon 23 Nov 00:00 IST (22 Nov 18:30Z).

let t: TestDatabase;
const WEEK1 = new Date('2026-11-18T06:00:00Z');
const WEEK1_END = new Date('2026-11-22T18:30:00Z');

beforeAll(async () => {
  t = await createTestDatabase({ max: 4 });
});
afterAll(async () => {
  await t.drop();
});

async function aVendorTenant() {
  const w = await aTenantWithVendors(t.db, { vendors: 1, pans: ['ABCPE1234F'] });
  const v = w.vendors[0]!;
  await createSplitTerms({
    db: t.db,
    scope: tenantScope(w.tenant.id),
    input: {
      vendorId: v.vendor.id,
      effectiveFrom: new Date('2026-01-01'),
      vendorShareBps: 7000,
      platformFeeBps: 200,
      platformFeeBearer: 'VENDOR',
    },
  });
  return { tenantId: w.tenant.id, ...v };
}

const sum = (lines: { amountMinor: number }[]) => lines.reduce((n, l) => n + l.amountMinor, 0);

describe('a session billed on account', () => {
  it('posts with its price, in the pricing transaction, once, follows a new price, and appears in the week’s statement', async () => {
    const { tenantId, vendor, site, charger } = await aVendorTenant();
    await seedDefaultTariff({ db: t.db, tenantId });
    const evse = await t.db.evse.create({ data: { tenantId, chargerId: charger.id, evseId: 1 } });
    await t.db.connector.create({ data: { tenantId, chargerId: charger.id, evseRowId: evse.id, evseId: 1 } });
    const card = await t.db.idToken.create({ data: { tenantId, token: 'FLEET-0001', type: 'RFID' } });
    const session = async (idTokenId: string) => {
      const tx = await t.db.transaction.create({
        data: {
          tenantId,
          chargerId: charger.id,
          siteId: site.id,
          vendorId: vendor.id,
          evseId: 1,
          ocppTransactionId: randomUUID(),
          idTokenId,
          status: 'COMPLETED',
          startedAt: new Date('2026-11-18T04:30:00Z'),
          stoppedAt: new Date('2026-11-18T05:30:00Z'),
          energyWh: 10_000,
        },
      });
      await t.db.meterSample.createMany({
        data: [
          ['2026-11-18T04:30:00Z', 0],
          ['2026-11-18T05:30:00Z', 10_000],
        ].map(([at, wh]) => ({
          tenantId,
          chargerId: charger.id,
          transactionId: tx.id,
          evseId: 1,
          timestamp: new Date(at!),
          unit: 'Wh',
          value: Number(wh),
        })),
      });
      return tx;
    };
    const tx = await session(card.id);
    const now = new Date('2026-11-18T05:31:00Z');
    const [a, b] = await Promise.all([
      priceTransaction({ db: t.db, tenantId, transactionId: tx.id, now }),
      priceTransaction({ db: t.db, tenantId, transactionId: tx.id, now }),
    ]);
    // 10 kWh at ₹18 = ₹180 + 18% GST = ₹212.40, all on the card's account.
    expect([a.totalMinor, b.totalMinor]).toEqual([21_240, 21_240]);
    const { entries } = await listJournalEntries({
      db: t.db,
      scope: tenantScope(tenantId),
      filter: { transactionId: tx.id },
    });
    expect(entries.map((e) => e.sourceKind).sort()).toEqual([
      'GST_ON_CHARGING',
      'ON_ACCOUNT_CHARGE',
      'OPERATOR_SHARE',
      'PLATFORM_FEE',
      'VENDOR_SHARE',
    ]);
    for (const e of entries) expect(sum(e.lines)).toBe(0);
    const lines = entries.flatMap((e) => e.lines);
    const on = (code: string) => sum(lines.filter((l) => l.account === code));
    // Vendor 70% of 18000 = 12600, less the 2% platform fee (360) it bears: 12240.
    expect(on('ON_ACCOUNT_RECEIVABLE')).toBe(21_240);
    expect(on(`VENDOR_PAYABLE:${vendor.id}`)).toBe(-12_240);
    expect(on('GATEWAY_CLEARING')).toBe(0);
    // Settling it again (the week close's catch-up, a retried settlement) writes nothing.
    expect(await t.db.$transaction((x) => postTransactionSettlement({ tx: x, transactionId: tx.id, at: now }))).toEqual(
      { posted: false, reason: 'already-posted' },
    );

    // The charger's own stop arrives late (the CSMS had closed the transaction on its estimate): priced
    // again at 12.5 kWh, ₹225 + ₹40.50 = ₹265.50, and the ledger follows by the difference.
    await t.db.meterSample.create({
      data: {
        tenantId,
        chargerId: charger.id,
        transactionId: tx.id,
        evseId: 1,
        timestamp: new Date('2026-11-18T05:45:00Z'),
        unit: 'Wh',
        value: 12_500,
      },
    });
    await t.db.transaction.update({
      where: { id: tx.id },
      data: { ...UNPRICED, stoppedAt: new Date('2026-11-18T05:45:00Z'), energyWh: 12_500 },
    });
    const again = await priceTransaction({
      db: t.db,
      tenantId,
      transactionId: tx.id,
      now: new Date('2026-11-18T06:00:00Z'),
    });
    expect(again.totalMinor).toBe(26_550);
    const after = (
      await listJournalEntries({ db: t.db, scope: tenantScope(tenantId), filter: { transactionId: tx.id } })
    ).entries;
    const onAfter = (code: string) => sum(after.flatMap((e) => e.lines).filter((l) => l.account === code));
    expect(onAfter('ON_ACCOUNT_RECEIVABLE')).toBe(26_550);
    expect(onAfter(`VENDOR_PAYABLE:${vendor.id}`)).toBe(-(15_750 - 450));

    // A driver's QR session (its APP token) is left to the driver settlement.
    const app = await t.db.idToken.create({ data: { tenantId, token: 'APP-0001', type: 'APP' } });
    const paid = await session(app.id);
    await priceTransaction({ db: t.db, tenantId, transactionId: paid.id, now });
    expect(await t.db.journalEntry.count({ where: { tenantId, transactionId: paid.id } })).toBe(0);

    const closed = await closeSettlementWeek({ db: t.db, tenantId, at: WEEK1, now: new Date('2026-11-23T00:00:00Z') });
    const week = await getSettlementWeek({ db: t.db, scope: tenantScope(tenantId), weekId: closed.weekId });
    // The session counted once, at its final price. TDS 0.1% of 22500 = 22.5 paise, rounded to the rupee: 0.
    expect(week.vendors[0]).toMatchObject({
      sessions: 1,
      energyWh: 12_500,
      grossMinor: 26_550,
      gstMinor: 4_050,
      vendorShareMinor: 15_750,
      platformFeeMinor: 450,
      weekNetMinor: 15_300,
      netPayableMinor: 15_300,
    });
  });
});

describe('a refund heard of only through the gateway’s webhook', () => {
  const refundEvent = (over: Partial<GatewayEvent> & { providerRefundId: string }): GatewayEvent => ({
    providerEventId: `evt_${randomUUID()}`,
    type: 'refund.processed',
    providerOrderId: null,
    providerPaymentId: null,
    refundReference: null,
    amountMinor: 0,
    currency: 'INR',
    failureReason: null,
    raw: {},
    ...over,
  });

  it('posts its reversing entry once per gateway refund, and after the cut-off into the open week', async () => {
    const { tenantId, vendor, site, charger } = await aVendorTenant();
    const s = await aPaidSession(t.db, {
      tenantId,
      vendorId: vendor.id,
      siteId: site.id,
      chargerId: charger.id,
      at: WEEK1,
      energyWh: 10_000,
      costMinor: 20_000,
      taxMinor: 3_600,
    });
    await t.db.$transaction((x) => postTransactionSettlement({ tx: x, transactionId: s.transaction.id, at: WEEK1 }));
    await closeSettlementWeek({ db: t.db, tenantId, at: WEEK1, now: new Date('2026-11-23T00:00:00Z') });

    // Refunded from the gateway's dashboard; its webhook is recorded on the 20th, in the week already
    // closed: the entry is booked at that week's end, the first instant of the open week.
    const made = refundEvent({
      providerRefundId: 'rfnd_dash_1',
      providerPaymentId: s.payment.providerPaymentId,
      providerOrderId: s.payment.providerOrderId,
      amountMinor: 11_800,
    });
    const record = (event: GatewayEvent) =>
      recordPaymentEvent({ db: t.db, tenantId, provider: 'TEST', event, now: new Date('2026-11-20T06:00:00Z') });
    expect(await record(made)).toMatchObject({ outcome: 'applied' });
    // The same refund again: a replayed delivery, and another event naming the same gateway refund.
    expect(await record(made)).toMatchObject({ outcome: 'duplicate' });
    expect(await record({ ...made, providerEventId: `evt_${randomUUID()}` })).toMatchObject({ outcome: 'applied' });

    const refunds = await t.db.journalEntry.findMany({
      where: { tenantId, sourceKind: 'REFUND' },
      include: { lines: { include: { account: true } } },
    });
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.bookedAt).toEqual(WEEK1_END);
    const clearing = refunds[0]!.lines.find((l) => l.account.code === 'GATEWAY_CLEARING');
    expect(clearing?.amountMinor).toBe(-11_800n);

    const week2 = await closeSettlementWeek({
      db: t.db,
      tenantId,
      at: new Date('2026-11-25T06:00:00Z'),
      now: new Date('2026-11-30T00:00:00Z'),
    });
    const view = await getSettlementWeek({ db: t.db, scope: tenantScope(tenantId), weekId: week2.weekId });
    // Half the price back: half the vendor's 14000 share (7000), half its 400 platform fee returned (200).
    expect(view.vendors[0]).toMatchObject({ refundsMinor: 7_000, weekNetMinor: -6_800 });
  });
  it('undoes a refund the gateway accepted and then failed, once', async () => {
    const { tenantId, vendor, site, charger } = await aVendorTenant();
    const s = await aPaidSession(t.db, {
      tenantId,
      vendorId: vendor.id,
      siteId: site.id,
      chargerId: charger.id,
      at: WEEK1,
      energyWh: 10_000,
      costMinor: 20_000,
      taxMinor: 3_600,
    });
    await t.db.$transaction((x) => postTransactionSettlement({ tx: x, transactionId: s.transaction.id, at: WEEK1 }));
    const payable = async () =>
      (await ledgerBalances({ db: t.db, scope: tenantScope(tenantId) })).find(
        (b) => b.code === `VENDOR_PAYABLE:${vendor.id}`,
      )?.balanceMinor;
    const settled = await payable();
    const of = { providerRefundId: 'rfnd_2', providerOrderId: s.payment.providerOrderId, amountMinor: 23_600 };
    const record = (event: GatewayEvent) =>
      recordPaymentEvent({ db: t.db, tenantId, provider: 'TEST', event, now: new Date('2026-11-19T06:00:00Z') });
    await record(refundEvent({ ...of, type: 'refund.created' }));
    expect(await payable()).toBe(0); // the whole share and fee given back
    const failed = refundEvent({ ...of, type: 'refund.failed', failureReason: 'bank account closed' });
    await record(failed);
    await record({ ...failed, providerEventId: `evt_${randomUUID()}` });
    const kinds = await t.db.journalEntry.findMany({
      where: { tenantId, sourceKind: { in: ['REFUND', 'REFUND_FAILED'] } },
      select: { sourceKind: true },
    });
    expect(kinds.map((k) => k.sourceKind).sort()).toEqual(['REFUND', 'REFUND_FAILED']);
    expect(await payable()).toBe(settled);
  });
});

describe('money beyond the 32-bit range', () => {
  it('posts a line over 2^31 paise and reads it back exactly, through balances and the statement', async () => {
    const { tenantId, vendor } = await aVendorTenant();
    const big = 2 ** 31 + 123_457; // ₹2.15 crore and a bit
    const at = WEEK1.getTime();
    await t.db.$transaction((tx) =>
      postEntries({
        tx,
        tenantId,
        purpose: 'adjustment',
        entries: [
          adjustment({
            id: 'land-lease-true-up',
            at,
            currency: 'INR',
            amountMinor: big,
            credit: { kind: 'VENDOR_PAYABLE', vendorId: vendor.id },
            debit: { kind: 'OPERATOR_REVENUE' },
            memo: 'lease true-up',
          }),
        ],
      }),
    );
    const scope = tenantScope(tenantId);
    const { entries } = await listJournalEntries({ db: t.db, scope, filter: {} });
    expect(entries[0]!.lines.map((l) => l.amountMinor).sort((x, y) => x - y)).toEqual([-big, big]);
    const balances = await ledgerBalances({ db: t.db, scope });
    expect(balances.find((b) => b.code === `VENDOR_PAYABLE:${vendor.id}`)?.balanceMinor).toBe(-big);
    const stored = await t.db.journalLine.findMany({ where: { tenantId }, select: { amountMinor: true } });
    expect(stored.map((l) => l.amountMinor).sort()).toEqual([BigInt(-big), BigInt(big)].sort());

    const closed = await closeSettlementWeek({ db: t.db, tenantId, at: WEEK1, now: new Date('2026-11-23T00:00:00Z') });
    const week = await getSettlementWeek({ db: t.db, scope, weekId: closed.weekId });
    expect(week.vendors[0]).toMatchObject({ adjustmentsMinor: big, weekNetMinor: big, netPayableMinor: big });
    expect(week.totals.netPayableMinor).toBe(big);
  });
});
