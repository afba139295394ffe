import { expect } from 'vitest';
import { DENIED, rejects, type Cases } from '../world.ts';
import { ledgerRows } from '../ledger-fixture.ts';

export const cases: Cases = {
  'ledger.entries': async (w, db) => {
    await ledgerRows(w, db);
    const mine = await w.callers.vendorA1.ledger.entries({});
    expect(mine.entries.length).toBeGreaterThan(0);
    expect(mine.entries.every((e) => e.vendorId === w.a1.id)).toBe(true);
    expect((await w.callers.vendorA1.ledger.entries({ vendorId: w.a2.id })).entries).toEqual([]);
    const all = await w.callers.adminA.ledger.entries({});
    expect(all.entries.map((e) => e.vendorId)).toEqual(expect.arrayContaining([w.a1.id, w.a2.id]));
    expect(all.entries.map((e) => e.vendorId)).not.toContain(w.b1.id);
    await rejects(w.callers.adminAonB.ledger.entries({}), DENIED);
  },
  'ledger.page': async (w, db) => {
    await ledgerRows(w, db);
    const mine = await w.callers.vendorA1.ledger.page({});
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((e) => e.vendorId === w.a1.id)).toBe(true);
    const walked: (string | null)[] = [];
    let cursor: string | undefined;
    do {
      const page = await w.callers.adminA.ledger.page({ limit: 1, cursor });
      walked.push(...page.items.map((e) => e.vendorId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(walked).toEqual(expect.arrayContaining([w.a1.id, w.a2.id]));
    expect(walked).not.toContain(w.b1.id);
    await rejects(w.callers.adminAonB.ledger.page({}), DENIED);
  },
  'ledger.balances': async (w, db) => {
    await ledgerRows(w, db);
    const mine = await w.callers.vendorA1.ledger.balances();
    expect(mine.map((a) => a.code)).toEqual([`VENDOR_PAYABLE:${w.a1.id}`]);
    const all = await w.callers.adminA.ledger.balances();
    expect(all.map((a) => a.code)).not.toContain(`VENDOR_PAYABLE:${w.b1.id}`);
    // Balances come from the lines: the fixture's adjustment credited 1000 to each vendor.
    expect(all.find((a) => a.code === `VENDOR_PAYABLE:${w.a2.id}`)?.balanceMinor).toBe(-1000);
  },
};
