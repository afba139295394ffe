import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSettlementWeek } from '../settlements/close-week.ts';
import { aPaidSession, aTenantWithVendors } from '../settlements/settlements.fixtures.ts';
import { createSplitTerms } from '../settlements/split-terms.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { payoutBankFile } from './bank-file.ts';
import { createPayoutRun } from './create-payout-run.ts';
import { markPayout } from './mark-payout.ts';

// The offline rail over real PostgreSQL (the embedded default, and operators who pay through their
// bank portal): a closed week's run gives a bulk-upload file with one row per payout (rupees from
// paise, our payout id as the reference); the operator marks each paid with the bank's UTR (again:
// nothing changes) or failed, which returns the money to the vendor's balance for the next week;
// a paid payout leaves the bank file, and a second run pays nothing twice.

let t: TestDatabase;
let tenantId: string;
let vendorIds: [string, string];
let weekId: string;
const scope = () => tenantScope(tenantId);
const AT = new Date('2026-11-18T06:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase({ max: 4 });
  const w = await aTenantWithVendors(t.db, { vendors: 2, pans: ['ABCPE1234F', 'ABCPE1234G'] });
  tenantId = w.tenant.id;
  vendorIds = [w.vendors[0]!.vendor.id, w.vendors[1]!.vendor.id];
  await t.db.vendor.updateMany({
    where: { tenantId },
    data: { bankAccountName: 'Vendor, "Pvt" Ltd', bankAccountNumber: '50100012345678', bankIfsc: 'HDFC0001234' },
  });
  for (const [i, v] of w.vendors.entries()) {
    await createSplitTerms({
      db: t.db,
      scope: scope(),
      input: { vendorId: v.vendor.id, effectiveFrom: new Date('2026-01-01'), vendorShareBps: 7000 },
    });
    await aPaidSession(t.db, {
      tenantId,
      vendorId: v.vendor.id,
      siteId: v.site.id,
      chargerId: v.charger.id,
      at: AT,
      energyWh: 10_000,
      costMinor: i === 0 ? 100_050 : 20_000,
      taxMinor: i === 0 ? 18_009 : 3_600,
    });
  }
  const closed = await closeSettlementWeek({ db: t.db, tenantId, at: AT, now: new Date('2026-11-23T00:00:00Z') });
  weekId = closed.weekId;
});
afterAll(async () => {
  await t?.drop();
});

describe('a week paid through the bank portal', () => {
  it('gives a bank upload file, takes UTRs once, and returns a failed payout to the next week', async () => {
    const run = await createPayoutRun({ db: t.db, scope: scope(), weekId, now: new Date('2026-11-23T06:00:00Z') });
    expect(run).toMatchObject({ rail: 'OFFLINE', created: 2, skippedNoBank: [], shortfalls: [] });
    const payouts = await t.db.payout.findMany({ where: { tenantId }, orderBy: { amountMinor: 'desc' } });
    const net = async (vendorId: string) =>
      Number(
        (await t.db.settlementStatement.findFirstOrThrow({ where: { weekId, vendorId, siteKey: '' } })).netPayableMinor,
      );
    // One payout per vendor, of its statement's net payable.
    expect(payouts.map((p) => [p.vendorId, Number(p.amountMinor), p.status])).toEqual([
      [vendorIds[0], await net(vendorIds[0]), 'CREATED'],
      [vendorIds[1], await net(vendorIds[1]), 'CREATED'],
    ]);

    const file = await payoutBankFile({ db: t.db, scope: scope(), runId: run.runId });
    const rows = file.csv.trimEnd().split('\r\n');
    expect(rows).toHaveLength(3);
    const big = payouts[0]!;
    const rupees = (m: bigint) => `${m / 100n}.${String(m % 100n).padStart(2, '0')}`;
    expect(rows[0]).toBe('Payout ID,Beneficiary Name,Account Number,IFSC,Amount (INR),Mode,Remarks');
    expect(rows).toContain(
      `${big.id},"Vendor, ""Pvt"" Ltd",50100012345678,HDFC0001234,${rupees(big.amountMinor)},NEFT,Settlement ${weekId.slice(0, 8)}`,
    );

    // Paid with the bank's UTR; the same again changes nothing; a bad UTR is refused.
    const paid = await markPayout({
      db: t.db,
      scope: scope(),
      input: { payoutId: big.id, outcome: 'PAID', utr: 'HDFCN52026112312345' },
    });
    expect(paid).toMatchObject({ changed: true, payout: { status: 'PROCESSED', utr: 'HDFCN52026112312345' } });
    expect(
      (
        await markPayout({
          db: t.db,
          scope: scope(),
          input: { payoutId: big.id, outcome: 'PAID', utr: 'HDFCN52026112312345' },
        })
      ).changed,
    ).toBe(false);
    await expect(
      markPayout({ db: t.db, scope: scope(), input: { payoutId: big.id, outcome: 'PAID', utr: 'x;1' } }),
    ).rejects.toThrow(/UTR/);
    // A paid payout cannot then be marked failed.
    expect(
      (await markPayout({ db: t.db, scope: scope(), input: { payoutId: big.id, outcome: 'FAILED', reason: 'late' } }))
        .changed,
    ).toBe(false);

    // The other fails at the bank: its money is the vendor's again, once.
    const small = payouts[1]!;
    await markPayout({
      db: t.db,
      scope: scope(),
      input: { payoutId: small.id, outcome: 'FAILED', reason: 'Account closed' },
      now: new Date('2026-11-24T06:00:00Z'),
    });
    await markPayout({
      db: t.db,
      scope: scope(),
      input: { payoutId: small.id, outcome: 'FAILED', reason: 'Account closed' },
    });
    expect(await t.db.journalEntry.count({ where: { tenantId, sourceKind: 'PAYOUT_FAILED' } })).toBe(1);
    // Neither is left in the bank file; running the week again pays nothing twice.
    expect(
      (await payoutBankFile({ db: t.db, scope: scope(), runId: run.runId })).csv.trimEnd().split('\r\n'),
    ).toHaveLength(1);
    expect((await createPayoutRun({ db: t.db, scope: scope(), weekId })).created).toBe(0);

    // The next week's statement carries the failed payout back and pays it.
    const at2 = new Date('2026-11-25T06:00:00Z');
    const week2 = await closeSettlementWeek({ db: t.db, tenantId, at: at2, now: new Date('2026-12-01T00:00:00Z') });
    const st = await t.db.settlementStatement.findFirstOrThrow({
      where: { weekId: week2.weekId, vendorId: vendorIds[1], siteKey: '' },
    });
    expect([Number(st.adjustmentsMinor), Number(st.netPayableMinor)]).toEqual([
      Number(small.amountMinor),
      Number(small.amountMinor),
    ]);
    const run2 = await createPayoutRun({ db: t.db, scope: scope(), weekId: week2.weekId });
    expect(run2.created).toBe(1);
    expect(Number((await t.db.payout.findFirstOrThrow({ where: { runId: run2.runId } })).amountMinor)).toBe(
      Number(small.amountMinor),
    );
  });
});
