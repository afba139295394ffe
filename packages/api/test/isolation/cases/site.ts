import { expect } from 'vitest';
import { aSite } from '../../builders.ts';
import { adminOnly, ids, rejects, type Cases } from '../world.ts';

export const cases: Cases = {
  'site.list': async (w) => {
    const all = ids(await w.callers.adminA.site.list());
    expect(all).toEqual(expect.arrayContaining([w.sa1.id, w.sa2.id]));
    expect(all).not.toContain(w.sb1.id);
    expect(ids(await w.callers.vendorA1.site.list())).toEqual([w.sa1.id]);
  },
  'site.page': async (w) => {
    // One site a page: the walk covers tenant A's current sites and nothing of B.
    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await w.callers.adminA.site.page({ limit: 1, cursor });
      walked.push(...ids(page.items));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(walked).toEqual(expect.arrayContaining([w.sa1.id, w.sa2.id]));
    expect(walked).not.toContain(w.sb1.id);
    expect(new Set(walked).size).toBe(walked.length);
    expect(ids((await w.callers.vendorA1.site.page({ limit: 500 })).items)).toEqual([w.sa1.id]);
    expect(ids((await w.callers.vendorA1.site.page({ search: w.sa2.name })).items)).toEqual([]);
  },
  'site.overview': async (w) => {
    const own = await w.callers.vendorA1.site.overview({ id: w.sa1.id });
    expect(own.site.id).toBe(w.sa1.id);
    expect(own.chargers.map((c) => c.id)).toEqual([w.ca1.id]);
    await rejects(w.callers.adminA.site.overview({ id: w.sb1.id }), ['NOT_FOUND']);
    await rejects(w.callers.vendorA1.site.overview({ id: w.sa2.id }), ['NOT_FOUND']);
  },
  'site.archive': async (w, db) => {
    await rejects(w.callers.adminA.site.archive({ id: w.sb1.id }), ['NOT_FOUND']);
    expect((await db.site.findUniqueOrThrow({ where: { id: w.sb1.id } })).archivedAt).toBeNull();
    await adminOnly((c, x) => c.site.archive({ id: x.sa1.id }))(w);
    expect((await db.site.findUniqueOrThrow({ where: { id: w.sa1.id } })).archivedAt).toBeNull();
    const spare = await aSite(db, w.A.id, w.a1.id);
    expect((await w.callers.adminA.site.archive({ id: spare.id })).archivedAt).not.toBeNull();
    expect(ids(await w.callers.adminA.site.list())).not.toContain(spare.id);
  },
  'site.restore': async (w, db) => {
    const archivedAt = new Date();
    await db.site.update({ where: { id: w.sb1.id }, data: { archivedAt } });
    await rejects(w.callers.adminA.site.restore({ id: w.sb1.id }), ['NOT_FOUND']);
    expect((await db.site.findUniqueOrThrow({ where: { id: w.sb1.id } })).archivedAt).toEqual(archivedAt);
    await db.site.update({ where: { id: w.sb1.id }, data: { archivedAt: null } });
    await adminOnly((c, x) => c.site.restore({ id: x.sa1.id }))(w);
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
