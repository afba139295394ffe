import { expect } from 'vitest';
import { adminOnly, ids, rejects, type Cases } from '../world.ts';
import { walkPages } from '../pages.ts';

export const cases: Cases = {
  'vendor.list': async (w) => {
    const all = ids(await w.callers.adminA.vendor.list());
    expect(all).toEqual(expect.arrayContaining([w.a1.id, w.a2.id]));
    expect(all).not.toContain(w.b1.id);
    expect(ids(await w.callers.vendorA1.vendor.list())).toEqual([w.a1.id]);
  },
  'vendor.page': async (w) => {
    const all = await walkPages((i) => w.callers.adminA.vendor.page(i));
    expect(all).toEqual(expect.arrayContaining([w.a1.id, w.a2.id]));
    expect(all).not.toContain(w.b1.id);
    expect(await walkPages((i) => w.callers.vendorA1.vendor.page(i))).toEqual([w.a1.id]);
  },
  'vendor.get': async (w) => {
    expect((await w.callers.adminA.vendor.get({ id: w.a2.id })).id).toBe(w.a2.id);
    await rejects(w.callers.adminA.vendor.get({ id: w.b1.id }), ['NOT_FOUND']);
    await rejects(w.callers.vendorA1.vendor.get({ id: w.a2.id }), ['NOT_FOUND']);
  },
  'vendor.create': async (w, db) => {
    // A tenantId smuggled into the input is ignored: the row lands in the caller's tenant.
    const input = { name: 'Smuggler', legalName: 'Smuggler LLP', tenantId: w.B.id } as unknown as {
      name: string;
      legalName: string;
    };
    const v = await w.callers.adminA.vendor.create(input);
    expect((await db.vendor.findUniqueOrThrow({ where: { id: v.id } })).tenantId).toBe(w.A.id);
    await adminOnly((c) => c.vendor.create({ name: 'Nope', legalName: 'Nope Ltd' }))(w);
  },
  'vendor.update': async (w, db) => {
    await rejects(w.callers.adminA.vendor.update({ id: w.b1.id, patch: { name: 'Pwned' } }), ['NOT_FOUND']);
    expect((await db.vendor.findUniqueOrThrow({ where: { id: w.b1.id } })).name).toBe('B-One');
    await adminOnly((c, x) => c.vendor.update({ id: x.a1.id, patch: { revenueShareBps: 10_000 } }))(w);
  },
  'vendor.delete': async (w, db) => {
    await rejects(w.callers.adminA.vendor.delete({ id: w.b1.id }), ['NOT_FOUND']);
    expect(await db.vendor.findUnique({ where: { id: w.b1.id } })).not.toBeNull();
    await adminOnly((c, x) => c.vendor.delete({ id: x.a2.id }))(w);
  },
};
