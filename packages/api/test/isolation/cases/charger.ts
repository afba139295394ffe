import { expect } from 'vitest';
import { adminOnly, ids, rejects, type Cases } from '../world.ts';

export const cases: Cases = {
  'charger.list': async (w) => {
    const all = ids(await w.callers.adminA.charger.list());
    expect(all).toEqual(expect.arrayContaining([w.ca1.id, w.ca2.id]));
    expect(all).not.toContain(w.cb1.id);
    expect(ids(await w.callers.vendorA1.charger.list())).toEqual([w.ca1.id]);
    expect(ids(await w.callers.vendorA1.charger.list({ vendorId: w.a2.id }))).toEqual([]);
    expect(ids(await w.callers.adminA.charger.list({ siteId: w.sb1.id }))).toEqual([]);
  },
  'charger.get': async (w) => {
    expect((await w.callers.vendorA1.charger.get({ id: w.ca1.id })).id).toBe(w.ca1.id);
    await rejects(w.callers.adminA.charger.get({ id: w.cb1.id }), ['NOT_FOUND']);
    await rejects(w.callers.vendorA1.charger.get({ id: w.ca2.id }), ['NOT_FOUND']);
  },
  'charger.create': async (w) => {
    await rejects(w.callers.adminA.charger.create({ identity: 'SNEAKY-1', siteId: w.sb1.id }), ['NOT_FOUND']);
    await adminOnly((c, x) => c.charger.create({ identity: 'SNEAKY-2', siteId: x.sa1.id }))(w);
  },
  'charger.update': async (w, db) => {
    await rejects(w.callers.adminA.charger.update({ id: w.cb1.id, patch: { model: 'Pwned' } }), ['NOT_FOUND']);
    await rejects(w.callers.adminA.charger.update({ id: w.ca1.id, patch: { siteId: w.sb1.id } }), ['NOT_FOUND']);
    expect((await db.charger.findUniqueOrThrow({ where: { id: w.ca1.id } })).siteId).toBe(w.sa1.id);
    await adminOnly((c, x) => c.charger.update({ id: x.ca2.id, patch: { model: 'Mine' } }))(w);
  },
};
