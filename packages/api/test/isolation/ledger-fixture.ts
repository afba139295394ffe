import type { Db } from '@magma/db';
import type { World } from './world.ts';

// Ledger rows for the isolation cases of the settlements, ledger and payouts routers: a closed week
// in each tenant with a statement per vendor, one posting and one payout per vendor, and terms.

export type LedgerRows = Awaited<ReturnType<typeof build>>;
const built = new WeakMap<World, Promise<LedgerRows>>();

export function ledgerRows(w: World, db: Db): Promise<LedgerRows> {
  let p = built.get(w);
  if (!p) {
    p = build(w, db);
    built.set(w, p);
  }
  return p;
}

async function build(w: World, db: Db) {
  const weekStart = new Date('2026-11-15T18:30:00Z');
  const weekEnd = new Date('2026-11-22T18:30:00Z');
  const week = async (tenantId: string) =>
    db.settlementWeek.create({ data: { tenantId, weekStart, weekEnd, status: 'CLOSED', closedAt: weekEnd } });
  const [weekA, weekB] = [await week(w.A.id), await week(w.B.id)];
  const vendors = [
    { tenantId: w.A.id, vendorId: w.a1.id, siteId: w.sa1.id, weekId: weekA.id },
    { tenantId: w.A.id, vendorId: w.a2.id, siteId: w.sa2.id, weekId: weekA.id },
    { tenantId: w.B.id, vendorId: w.b1.id, siteId: w.sb1.id, weekId: weekB.id },
  ];
  const payouts: Record<string, string> = {};
  const runs: Record<string, string> = {};
  for (const v of vendors) {
    await db.settlementStatement.create({
      data: { tenantId: v.tenantId, weekId: v.weekId, vendorId: v.vendorId, weekNetMinor: 1000, netPayableMinor: 1000 },
    });
    await db.splitTerms.create({
      data: { tenantId: v.tenantId, vendorId: v.vendorId, version: 1, effectiveFrom: weekStart, vendorShareBps: 6000 },
    });
    const payable = await db.ledgerAccount.create({
      data: {
        tenantId: v.tenantId,
        code: `VENDOR_PAYABLE:${v.vendorId}`,
        kind: 'VENDOR_PAYABLE',
        vendorId: v.vendorId,
        name: 'Vendor payable',
      },
    });
    const revenue = await db.ledgerAccount.upsert({
      where: { tenantId_code: { tenantId: v.tenantId, code: 'OPERATOR_REVENUE' } },
      create: { tenantId: v.tenantId, code: 'OPERATOR_REVENUE', kind: 'OPERATOR_REVENUE', name: 'Operator revenue' },
      update: {},
    });
    await db.journalEntry.create({
      data: {
        tenantId: v.tenantId,
        sourceKind: 'ADJUSTMENT',
        sourceId: `iso-${v.vendorId}`,
        purpose: 'adjustment',
        vendorId: v.vendorId,
        siteId: v.siteId,
        occurredAt: new Date(),
        bookedAt: new Date(),
        lines: {
          create: [
            { tenantId: v.tenantId, accountId: revenue.id, kind: 'ADJUSTMENT', amountMinor: 1000 },
            { tenantId: v.tenantId, accountId: payable.id, kind: 'ADJUSTMENT', amountMinor: -1000 },
          ],
        },
      },
    });
    const run =
      runs[v.tenantId] ??
      (runs[v.tenantId] = (
        await db.payoutRun.create({ data: { tenantId: v.tenantId, weekId: v.weekId, rail: 'OFFLINE' } })
      ).id);
    const payout = await db.payout.create({
      data: {
        tenantId: v.tenantId,
        runId: run,
        vendorId: v.vendorId,
        amountMinor: 1000,
        rail: 'OFFLINE',
        idempotencyKey: `iso:${v.vendorId}`,
      },
    });
    payouts[v.vendorId] = payout.id;
  }
  return { weekA, weekB, payouts, runA: runs[w.A.id]!, runB: runs[w.B.id]! };
}
