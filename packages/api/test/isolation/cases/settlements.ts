import type { Db } from '@magma/db';
import { expect } from 'vitest';
import { adminOnly, DENIED, ids, rejects, type Cases, type World } from '../world.ts';
import { walkPages } from '../pages.ts';
import { ledgerRows } from '../ledger-fixture.ts';

// TDS withheld from each vendor on the fixture week's close (its last instant, 22 Nov 2026 IST:
// Q3 of FY 2026-27), once per world.
const withheld = new WeakMap<World, Promise<void>>();
function tdsRows(w: World, db: Db) {
  let p = withheld.get(w);
  if (!p) {
    p = (async () => {
      const { weekA } = await ledgerRows(w, db);
      for (const [tenantId, vendorId] of [
        [w.A.id, w.a1.id],
        [w.A.id, w.a2.id],
        [w.B.id, w.b1.id],
      ] as const) {
        const payable = await db.ledgerAccount.findFirstOrThrow({ where: { tenantId, vendorId } });
        const tds = await db.ledgerAccount.upsert({
          where: { tenantId_code: { tenantId, code: 'TDS_PAYABLE' } },
          create: { tenantId, code: 'TDS_PAYABLE', kind: 'TDS_PAYABLE', name: 'TDS payable' },
          update: {},
        });
        const at = new Date(weekA.weekEnd.getTime() - 1);
        await db.journalEntry.create({
          data: {
            tenantId,
            sourceKind: 'TDS_WITHHELD',
            sourceId: `iso-tds-${vendorId}`,
            purpose: 'week-close',
            vendorId,
            occurredAt: at,
            bookedAt: at,
            lines: {
              create: [
                { tenantId, accountId: payable.id, kind: 'TDS_WITHHELD', amountMinor: 100 },
                { tenantId, accountId: tds.id, kind: 'TDS_WITHHELD', amountMinor: -100 },
              ],
            },
          },
        });
      }
    })();
    withheld.set(w, p);
  }
  return p;
}
const Q3 = { fyStart: 2026, quarter: 3 };

export const cases: Cases = {
  'settlements.weeks': async (w, db) => {
    const { weekA, weekB } = await ledgerRows(w, db);
    const all = ids(await w.callers.adminA.settlements.weeks());
    expect(all).toContain(weekA.id);
    expect(all).not.toContain(weekB.id);
    const mine = await w.callers.vendorA1.settlements.weeks();
    const a = mine.find((x) => x.id === weekA.id)!;
    // Its own statement only: one vendor, its own figures.
    expect(a.vendors).toBe(1);
    expect(ids(mine)).not.toContain(weekB.id);
    await rejects(w.callers.adminAonB.settlements.weeks(), DENIED);
  },
  'settlements.weeksPage': async (w, db) => {
    const { weekA, weekB } = await ledgerRows(w, db);
    const all = await walkPages((i) => w.callers.adminA.settlements.weeksPage(i));
    expect(all).toContain(weekA.id);
    expect(all).not.toContain(weekB.id);
    const mine = (await w.callers.vendorA1.settlements.weeksPage({ limit: 500 })).items;
    expect(mine.find((x) => x.id === weekA.id)?.vendors).toBe(1);
    expect(ids(mine)).not.toContain(weekB.id);
  },
  'settlements.week': async (w, db) => {
    const { weekA, weekB } = await ledgerRows(w, db);
    await rejects(w.callers.adminA.settlements.week({ id: weekB.id }), ['NOT_FOUND']);
    const seen = await w.callers.vendorA1.settlements.week({ id: weekA.id });
    expect(seen.vendors.map((v) => v.vendorId)).toEqual([w.a1.id]);
    const all = await w.callers.adminA.settlements.week({ id: weekA.id });
    expect(all.vendors.map((v) => v.vendorId).sort()).toEqual([w.a1.id, w.a2.id].sort());
  },
  'settlements.soFar': async (w, db) => {
    await ledgerRows(w, db);
    const mine = await w.callers.vendorA1.settlements.soFar();
    expect(mine.vendors.every((v) => v.vendorId === w.a1.id)).toBe(true);
    const all = await w.callers.adminA.settlements.soFar();
    expect(all.vendors.map((v) => v.vendorId)).not.toContain(w.b1.id);
    await rejects(w.callers.anonA.settlements.soFar(), DENIED);
  },
  'settlements.close': async (w, db) => {
    const before = await db.settlementWeek.count({ where: { tenantId: w.B.id } });
    const r = await w.callers.adminA.settlements.close({ at: new Date('2020-03-04T00:00:00Z') });
    expect((await db.settlementWeek.findUniqueOrThrow({ where: { id: r.weekId } })).tenantId).toBe(w.A.id);
    expect(await db.settlementWeek.count({ where: { tenantId: w.B.id } })).toBe(before);
    await adminOnly((c) => c.settlements.close({ at: new Date('2020-03-11T00:00:00Z') }))(w);
  },
  'settlements.statementCsv': async (w, db) => {
    const { weekA, weekB } = await ledgerRows(w, db);
    const own = await w.callers.vendorA1.settlements.statementCsv({ weekId: weekA.id, vendorId: w.a1.id });
    expect(own.csv).toContain('A-One');
    await rejects(w.callers.vendorA1.settlements.statementCsv({ weekId: weekA.id, vendorId: w.a2.id }), ['NOT_FOUND']);
    await rejects(w.callers.adminA.settlements.statementCsv({ weekId: weekB.id, vendorId: w.b1.id }), ['NOT_FOUND']);
  },
  'settlements.terms': async (w, db) => {
    await ledgerRows(w, db);
    const mine = await w.callers.vendorA1.settlements.terms();
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((t) => t.vendorId === w.a1.id)).toBe(true);
    const all = await w.callers.adminA.settlements.terms();
    expect(all.map((t) => t.vendorId)).not.toContain(w.b1.id);
    expect(await w.callers.vendorA1.settlements.terms({ vendorId: w.a2.id })).toEqual([]);
  },
  'settlements.termsPage': async (w, db) => {
    await ledgerRows(w, db);
    const mine = (await w.callers.vendorA1.settlements.termsPage({ limit: 500 })).items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((t) => t.vendorId === w.a1.id)).toBe(true);
    const all = await walkPages((i) => w.callers.adminA.settlements.termsPage(i));
    expect(all).toEqual(expect.arrayContaining(ids(mine)));
    const b = await db.splitTerms.findMany({ where: { tenantId: w.B.id }, select: { id: true } });
    expect(all.filter((id) => ids(b).includes(id))).toEqual([]);
    expect((await w.callers.vendorA1.settlements.termsPage({ vendorId: w.a2.id })).items).toEqual([]);
  },
  'settlements.createTerms': async (w) => {
    const input = { vendorId: w.b1.id, effectiveFrom: new Date(), vendorShareBps: 9000 };
    await rejects(w.callers.adminA.settlements.createTerms(input), ['NOT_FOUND']);
    await adminOnly((c, x) => c.settlements.createTerms({ ...input, vendorId: x.a1.id }))(w);
    const made = await w.callers.adminA.settlements.createTerms({ ...input, vendorId: w.a2.id });
    expect(made.tenantId).toBe(w.A.id);
  },
  'settlements.settings': async (w) => {
    await rejects(w.callers.vendorA1.settlements.settings(), ['FORBIDDEN']);
    expect((await w.callers.staffA.settlements.settings()).week.closeDay).toBeGreaterThan(0);
  },
  'settlements.updateSettings': async (w, db) => {
    await w.callers.adminA.settlements.updateSettings({ tcsEnabled: true });
    expect(await db.settlementConfig.findUnique({ where: { tenantId: w.B.id } })).toBeNull();
    await adminOnly((c) => c.settlements.updateSettings({ tcsEnabled: false }))(w);
  },
  'settlements.setTaxRate': async (w, db) => {
    const r = await w.callers.adminA.settlements.setTaxRate({
      kind: 'TCS_52',
      rateBps: 50,
      effectiveFrom: new Date('2026-01-01'),
    });
    expect((await db.taxRateSetting.findUniqueOrThrow({ where: { id: r.id } })).tenantId).toBe(w.A.id);
    await adminOnly((c) => c.settlements.setTaxRate({ kind: 'TDS_194O', rateBps: 10, effectiveFrom: new Date() }))(w);
  },
  'settlements.taxSummary': async (w, db) => {
    await tdsRows(w, db);
    const all = await w.callers.adminA.settlements.taxSummary(Q3);
    expect(all.rows.map((r) => r.vendorId).sort()).toEqual([w.a1.id, w.a2.id].sort());
    // A vendor user reads its own deductions (to reconcile with its Form 26AS), nobody else's.
    const mine = await w.callers.vendorA1.settlements.taxSummary(Q3);
    expect(mine.rows.map((r) => r.vendorId)).toEqual([w.a1.id]);
    expect(mine.totals[0]!.taxMinor).toBe(100);
    await rejects(w.callers.adminAonB.settlements.taxSummary(Q3), DENIED);
    await rejects(w.callers.anonA.settlements.taxSummary(Q3), DENIED);
  },
  'settlements.taxSummaryCsv': async (w, db) => {
    await tdsRows(w, db);
    const all = await w.callers.adminA.settlements.taxSummaryCsv(Q3);
    expect(all.csv).toContain('A-Two');
    expect(all.csv).not.toContain('B-One');
    const mine = await w.callers.vendorA1.settlements.taxSummaryCsv(Q3);
    expect(mine.csv).toContain('A-One');
    expect(mine.csv).not.toContain('A-Two');
    await rejects(w.callers.adminAonB.settlements.taxSummaryCsv(Q3), DENIED);
  },
};
