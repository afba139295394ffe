import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerBalances } from '../ledger/ledger-views.ts';
import { closeSettlementWeek } from '../settlements/close-week.ts';
import { aPaidSession, aTenantWithVendors } from '../settlements/settlements.fixtures.ts';
import { createSplitTerms } from '../settlements/split-terms.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { payoutBankFile } from './bank-file.ts';
import { createPayoutRun } from './create-payout-run.ts';
import { reconcileBankFile } from './reconcile-bank-file.ts';

// The bank's response file over real PostgreSQL: a run of three offline payouts, the bank answers
// with one paid (UTR), one failed, a row for a reference we never sent and a row whose amount is
// not the payout's. The paid and failed rows apply through the operator's path; the other two are
// reported and change nothing; the same file again applies nothing; the ledger balances and the
// failed payout's money is back on its vendor's balance.

let t: TestDatabase;
let tenantId: string;
let vendorIds: string[];
let weekId: string;
const scope = () => tenantScope(tenantId);
const AT = new Date('2026-11-18T06:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase({ max: 4 });
  const w = await aTenantWithVendors(t.db, { vendors: 3, pans: ['ABCPE1234F', 'ABCPE1234G', 'ABCPE1234H'] });
  tenantId = w.tenant.id;
  vendorIds = w.vendors.map((v) => v.vendor.id);
  await t.db.vendor.updateMany({
    where: { tenantId },
    data: { bankAccountName: 'Vendor Pvt Ltd', bankAccountNumber: '50100012345678', bankIfsc: 'HDFC0001234' },
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
      costMinor: [100_050, 20_000, 50_000][i]!,
      taxMinor: [18_009, 3_600, 9_000][i]!,
    });
  }
  weekId = (await closeSettlementWeek({ db: t.db, tenantId, at: AT, now: new Date('2026-11-23T00:00:00Z') })).weekId;
});
afterAll(async () => {
  await t?.drop();
});

const rupees = (m: bigint | number) => `${BigInt(m) / 100n}.${String(BigInt(m) % 100n).padStart(2, '0')}`;

describe("the bank's response file for an offline run", () => {
  it('applies paid and failed rows once, reports the rest, and returns the failed money', async () => {
    const payable = async (vendorId: string) =>
      (await ledgerBalances({ db: t.db, scope: scope() })).find((a) => a.vendorId === vendorId)!.balanceMinor;
    const before = await Promise.all(vendorIds.map(payable));

    const run = await createPayoutRun({ db: t.db, scope: scope(), weekId, now: new Date('2026-11-23T06:00:00Z') });
    expect(run).toMatchObject({ rail: 'OFFLINE', created: 3 });
    const byVendor = async (vendorId: string) =>
      t.db.payout.findFirstOrThrow({ where: { tenantId, runId: run.runId, vendorId } });
    const [paid, failed, other] = await Promise.all(vendorIds.map(byVendor));
    const sent = await Promise.all(vendorIds.map(payable));
    // The run set each payout's money aside from its vendor's payable.
    sent.forEach((s, i) => expect(s).not.toBe(before[i]));

    // The bank echoes our bank file's Payout ID column.
    const header = (await payoutBankFile({ db: t.db, scope: scope(), runId: run.runId })).csv.split('\r\n')[0];
    expect(header!.startsWith('Payout ID,')).toBe(true);
    const csv = [
      'Payout ID,UTR,Status,Amount,Reason',
      `${paid!.id},HDFCN52026112312345,Success,${rupees(paid!.amountMinor)},`,
      `${failed!.id},,Failed,${rupees(failed!.amountMinor)},Account closed`,
      `00000000-0000-4000-8000-000000000001,HDFCN52026112399999,Success,10.00,`,
      `${other!.id},HDFCN52026112354321,Success,${rupees(BigInt(other!.amountMinor) + 100n)},`,
    ].join('\r\n');

    const first = await reconcileBankFile({
      db: t.db,
      scope: scope(),
      input: { runId: run.runId, csv },
      now: new Date('2026-11-24T06:00:00Z'),
    });
    expect(first.rows).toBe(4);
    expect(first.applied).toEqual([
      { payoutId: paid!.id, status: 'PROCESSED', utr: 'HDFCN52026112312345' },
      { payoutId: failed!.id, status: 'FAILED', utr: null },
    ]);
    expect(first.alreadyApplied).toBe(0);
    expect(first.problems.map((p) => [p.line, p.message])).toEqual([
      [4, expect.stringMatching(/no payout 00000000-0000-4000-8000-000000000001/)],
      [5, expect.stringMatching(new RegExp(`payout ${other!.id} is ${rupees(other!.amountMinor)}`))],
    ]);
    const states = async () =>
      (await t.db.payout.findMany({ where: { runId: run.runId }, orderBy: { id: 'asc' } })).map((p) => [
        p.id,
        p.status,
        p.utr,
        p.failureReason,
      ]);
    const afterFirst = await states();
    expect(afterFirst).toEqual(
      expect.arrayContaining([
        [paid!.id, 'PROCESSED', 'HDFCN52026112312345', null],
        [failed!.id, 'FAILED', null, 'Account closed'],
        [other!.id, 'CREATED', null, null],
      ]),
    );
    expect(await t.db.auditLog.count({ where: { tenantId, action: 'payout.reconciled' } })).toBe(1);

    // The same file again: nothing applies, nothing posts, the problems are said again.
    const entries = await t.db.journalEntry.count({ where: { tenantId } });
    const events = await t.db.payoutEvent.count({ where: { tenantId } });
    const second = await reconcileBankFile({ db: t.db, scope: scope(), input: { runId: run.runId, csv } });
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(2);
    expect(second.problems).toHaveLength(2);
    expect(await states()).toEqual(afterFirst);
    expect(await t.db.journalEntry.count({ where: { tenantId } })).toBe(entries);
    expect(await t.db.payoutEvent.count({ where: { tenantId } })).toBe(events);
    expect(await t.db.auditLog.count({ where: { tenantId, action: 'payout.reconciled' } })).toBe(1);
    expect(await t.db.journalEntry.count({ where: { tenantId, sourceKind: 'PAYOUT_FAILED' } })).toBe(1);

    // A later file contradicting a settled payout is reported, and recorded nowhere.
    const contra = await reconcileBankFile({
      db: t.db,
      scope: scope(),
      input: {
        runId: run.runId,
        csv: `Payment Reference,UTR,Status,Amount\n${paid!.id},,Rejected,${rupees(paid!.amountMinor)}\n`,
      },
    });
    expect(contra).toMatchObject({ applied: [], alreadyApplied: 0 });
    expect(contra.problems.map((p) => p.message)).toEqual([
      `payout ${paid!.id} is already processed (UTR HDFCN52026112312345); the bank file says failed`,
    ]);
    expect(await t.db.payoutEvent.count({ where: { tenantId } })).toBe(events);
    expect(await states()).toEqual(afterFirst);

    // The ledger balances; the failed payout's money is its vendor's again, the others' stays paid out.
    const total = await t.db.journalLine.aggregate({ where: { tenantId }, _sum: { amountMinor: true } });
    expect(Number(total._sum.amountMinor)).toBe(0);
    expect(await Promise.all(vendorIds.map(payable))).toEqual([sent[0], before[1], sent[2]]);
    expect(Math.abs(before[1]! - sent[1]!)).toBe(Number(failed!.amountMinor));
  });

  it('refuses a file that is not a reconciliation file, and a run of another tenant', async () => {
    const run = await t.db.payoutRun.findFirstOrThrow({ where: { tenantId } });
    await expect(
      reconcileBankFile({ db: t.db, scope: scope(), input: { runId: run.id, csv: 'Reference,Status\nx,Success\n' } }),
    ).rejects.toThrow(/utr column/);
    const other = await aTenantWithVendors(t.db, { vendors: 1 });
    await expect(
      reconcileBankFile({
        db: t.db,
        scope: tenantScope(other.tenant.id),
        input: { runId: run.id, csv: 'Payout ID,UTR,Status,Amount\n' },
      }),
    ).rejects.toThrow(/No such payout run/);
  });
});
