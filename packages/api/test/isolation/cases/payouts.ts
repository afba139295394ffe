import { expect } from 'vitest';
import { adminOnly, rejects, type Cases } from '../world.ts';
import { walkPages } from '../pages.ts';
import { ledgerRows } from '../ledger-fixture.ts';

export const cases: Cases = {
  'payouts.runs': async (w, db) => {
    const { runA, runB } = await ledgerRows(w, db);
    const runs = (await w.callers.adminA.payouts.runs()).map((r) => r.id);
    expect(runs).toContain(runA);
    expect(runs).not.toContain(runB);
    await rejects(w.callers.vendorA1.payouts.runs(), ['FORBIDDEN']);
  },
  'payouts.runsPage': async (w, db) => {
    const { runA, runB } = await ledgerRows(w, db);
    const runs = await walkPages((i) => w.callers.staffA.payouts.runsPage(i));
    expect(runs).toContain(runA);
    expect(runs).not.toContain(runB);
    await rejects(w.callers.vendorA1.payouts.runsPage(), ['FORBIDDEN']);
  },
  'payouts.list': async (w, db) => {
    const { payouts } = await ledgerRows(w, db);
    const mine = await w.callers.vendorA1.payouts.list();
    expect(mine.map((p) => p.id)).toEqual([payouts[w.a1.id]]);
    // A vendor naming another vendor still sees only its own.
    expect((await w.callers.vendorA1.payouts.list({ vendorId: w.a2.id })).map((p) => p.vendorId)).toEqual([w.a1.id]);
    expect(await w.callers.adminA.payouts.list({ vendorId: w.b1.id })).toEqual([]);
  },
  'payouts.page': async (w, db) => {
    const { payouts } = await ledgerRows(w, db);
    const mine = await w.callers.vendorA1.payouts.page({ vendorId: w.a2.id });
    expect(mine.items.map((p) => p.id)).toEqual([payouts[w.a1.id]]);
    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await w.callers.adminA.payouts.page({ limit: 1, cursor });
      walked.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(walked).toEqual(expect.arrayContaining([payouts[w.a1.id], payouts[w.a2.id]]));
    expect(walked).not.toContain(payouts[w.b1.id]);
    expect((await w.callers.adminA.payouts.page({ vendorId: w.b1.id })).items).toEqual([]);
  },
  'payouts.totals': async (w, db) => {
    const { payouts, runA, runB } = await ledgerRows(w, db);
    const mine = await w.callers.vendorA1.payouts.totals({ runId: runA, vendorId: w.a2.id });
    const own = await db.payout.findUniqueOrThrow({ where: { id: payouts[w.a1.id]! } });
    expect(mine).toEqual({ payouts: 1, amountMinor: Number(own.amountMinor) });
    expect(await w.callers.adminA.payouts.totals({ runId: runB })).toEqual({ payouts: 0, amountMinor: 0 });
    expect(await w.callers.adminA.payouts.totals({ vendorId: w.b1.id })).toEqual({ payouts: 0, amountMinor: 0 });
  },
  'payouts.createRun': async (w, db) => {
    const { weekB } = await ledgerRows(w, db);
    await rejects(w.callers.adminA.payouts.createRun({ weekId: weekB.id }), ['NOT_FOUND']);
    await adminOnly((c) => c.payouts.createRun({ weekId: weekB.id }))(w);
  },
  'payouts.mark': async (w, db) => {
    const { payouts } = await ledgerRows(w, db);
    await rejects(w.callers.adminA.payouts.mark({ payoutId: payouts[w.b1.id]!, outcome: 'PAID', utr: 'UTR123456' }), [
      'NOT_FOUND',
    ]);
    expect((await db.payout.findUniqueOrThrow({ where: { id: payouts[w.b1.id]! } })).status).toBe('CREATED');
    await adminOnly((c, x) => c.payouts.mark({ payoutId: payouts[x.a1.id]!, outcome: 'PAID', utr: 'UTR123456' }))(w);
  },
  'payouts.bankFile': async (w, db) => {
    const { runA, runB } = await ledgerRows(w, db);
    await rejects(w.callers.adminA.payouts.bankFile({ runId: runB }), ['NOT_FOUND']);
    const file = await w.callers.adminA.payouts.bankFile({ runId: runA });
    expect(file.csv.split('\r\n').filter(Boolean)).toHaveLength(3);
    await adminOnly((c) => c.payouts.bankFile({ runId: runA }))(w);
  },
  'payouts.reconcile': async (w, db) => {
    const { runA, runB, payouts } = await ledgerRows(w, db);
    const row = (id: string) => `Payment Reference,UTR,Status,Amount\r\n${id},UTR000000000001,Success,1.00\r\n`;
    // Another tenant's run is not found, and its payout is not a reference of A's run.
    await rejects(w.callers.adminA.payouts.reconcile({ runId: runB, csv: row(payouts[w.b1.id]!) }), ['NOT_FOUND']);
    const r = await w.callers.adminA.payouts.reconcile({ runId: runA, csv: row(payouts[w.b1.id]!) });
    expect(r).toMatchObject({ applied: [], alreadyApplied: 0 });
    expect(r.problems).toHaveLength(1);
    expect((await db.payout.findUniqueOrThrow({ where: { id: payouts[w.b1.id]! } })).status).toBe('CREATED');
    await adminOnly((c) => c.payouts.reconcile({ runId: runA, csv: row(payouts[w.a1.id]!) }))(w);
    expect((await db.payout.findUniqueOrThrow({ where: { id: payouts[w.a1.id]! } })).utr).not.toBe('UTR000000000001');
  },
  'payouts.run': async (w, db) => {
    const { runA, runB, payouts } = await ledgerRows(w, db);
    await rejects(w.callers.adminA.payouts.run({ runId: runB }), ['NOT_FOUND']);
    await rejects(w.callers.staffA.payouts.run({ runId: runB }), ['NOT_FOUND']);
    // A reversal row of tenant B naming A's payout stays B's: A's run never shows it.
    await db.routeTransferReversal.create({
      data: {
        tenantId: w.B.id,
        vendorId: w.b1.id,
        payoutId: payouts[w.a1.id]!,
        refundId: '00000000-0000-4000-8000-00000000b0b0',
        amountMinor: 100,
      },
    });
    const run = await w.callers.adminA.payouts.run({ runId: runA });
    expect(run).toMatchObject({ id: runA, shortfalls: [], reversals: [] });
    expect((await w.callers.staffA.payouts.run({ runId: runA })).id).toBe(runA);
    // Payout runs are operators': a vendor user reads its payouts instead.
    await rejects(w.callers.vendorA1.payouts.run({ runId: runA }), ['FORBIDDEN']);
  },
};
