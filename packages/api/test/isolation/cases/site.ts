import { expect } from 'vitest';
import { adminOnly, ids, rejects, type Cases } from '../world.ts';

export const cases: Cases = {
  'site.list': async (w) => {
    const all = ids(await w.callers.adminA.site.list());
    expect(all).toEqual(expect.arrayContaining([w.sa1.id, w.sa2.id]));
    expect(all).not.toContain(w.sb1.id);
    expect(ids(await w.callers.vendorA1.site.list())).toEqual([w.sa1.id]);
  },
  'site.get': async (w) => {
    expect((await w.callers.vendorA1.site.get({ id: w.sa1.id })).id).toBe(w.sa1.id);
    await rejects(w.callers.adminA.site.get({ id: w.sb1.id }), ['NOT_FOUND']);
    await rejects(w.callers.vendorA1.site.get({ id: w.sa2.id }), ['NOT_FOUND']);
  },
  'site.create': async (w) => {
    const base = { name: 'New site', address: '2 Residency Rd', city: 'Bengaluru', state: 'Karnataka' };
    await rejects(w.callers.adminA.site.create({ ...base, vendorId: w.b1.id }), ['NOT_FOUND']);
    await adminOnly((c) => c.site.create(base))(w);
  },
  'site.update': async (w, db) => {
    await rejects(w.callers.adminA.site.update({ id: w.sb1.id, patch: { name: 'Pwned' } }), ['NOT_FOUND']);
    await rejects(w.callers.adminA.site.update({ id: w.sa1.id, patch: { vendorId: w.b1.id } }), ['NOT_FOUND']);
    expect((await db.site.findUniqueOrThrow({ where: { id: w.sb1.id } })).name).not.toBe('Pwned');
    await adminOnly((c, x) => c.site.update({ id: x.sa1.id, patch: { name: 'Mine now' } }))(w);
  },
};
