import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { rejects, type Cases } from '../world.ts';
import { walkPages } from '../pages.ts';

async function aFault(db: Db, c: { id: string; tenantId: string; vendorId: string | null }) {
  return db.fault.create({
    data: {
      tenantId: c.tenantId,
      chargerId: c.id,
      vendorId: c.vendorId,
      evseId: 1,
      connectorId: 1,
      kind: 'CONNECTOR_ERROR',
      code: 'GroundFailure',
      startedAt: new Date(),
    },
  });
}

export const cases: Cases = {
  'faults.list': async (w, db) => {
    const [f1, f2, fb] = await Promise.all([aFault(db, w.ca1), aFault(db, w.ca2), aFault(db, w.cb1)]);
    const all = (await w.callers.adminA.faults.list()).faults.map((f) => f.id);
    expect(all).toEqual(expect.arrayContaining([f1.id, f2.id]));
    expect(all).not.toContain(fb.id);
    const own = await w.callers.vendorA1.faults.list();
    expect(own.faults.map((f) => f.id)).toContain(f1.id);
    expect(own.faults.map((f) => f.id)).not.toContain(f2.id);
    expect(own.offlineChargers.map((c) => c.id)).toEqual([w.ca1.id]);
  },
  'faults.page': async (w, db) => {
    const [f1, f1b, f2, fb] = await Promise.all([
      aFault(db, w.ca1),
      aFault(db, w.ca1),
      aFault(db, w.ca2),
      aFault(db, w.cb1),
    ]);
    const all = await walkPages((i) => w.callers.adminA.faults.page({ ...i, state: 'all' }));
    expect(all).toEqual(expect.arrayContaining([f1.id, f1b.id, f2.id]));
    expect(all).not.toContain(fb.id);
    const own = await walkPages((i) => w.callers.vendorA1.faults.page({ ...i, state: 'all' }));
    expect(own).toEqual(expect.arrayContaining([f1.id, f1b.id]));
    expect(own).not.toContain(f2.id);
    // A filter naming another tenant's charger finds nothing.
    expect((await w.callers.adminA.faults.page({ chargerId: w.cb1.id, state: 'all' })).items).toEqual([]);
  },
  'faults.get': async (w, db) => {
    const [f1, f2, fb] = await Promise.all([aFault(db, w.ca1), aFault(db, w.ca2), aFault(db, w.cb1)]);
    expect((await w.callers.adminA.faults.get({ faultId: f2.id })).charger.id).toBe(w.ca2.id);
    expect((await w.callers.vendorA1.faults.get({ faultId: f1.id })).charger.identity).toBe(w.ca1.identity);
    await rejects(w.callers.adminA.faults.get({ faultId: fb.id }), ['NOT_FOUND']);
    await rejects(w.callers.vendorA1.faults.get({ faultId: f2.id }), ['NOT_FOUND']);
  },
  'faults.emailSubscription': async (w) => {
    await w.callers.adminA.faults.setEmailSubscription({ enabled: true, allSites: false, siteIds: [w.sa2.id] });
    // Each member reads only its own choice, and on another tenant's host has none.
    expect(await w.callers.adminA.faults.emailSubscription()).toEqual({
      enabled: true,
      allSites: false,
      siteIds: [w.sa2.id],
    });
    expect((await w.callers.staffA.faults.emailSubscription()).enabled).toBe(false);
    expect((await w.callers.vendorA1.faults.emailSubscription()).enabled).toBe(false);
    await rejects(w.callers.adminAonB.faults.emailSubscription(), ['FORBIDDEN']);
  },
  'faults.setEmailSubscription': async (w, db) => {
    // Another tenant's site, another vendor's site: refused, nothing saved.
    await rejects(
      w.callers.adminA.faults.setEmailSubscription({ enabled: true, allSites: false, siteIds: [w.sb1.id] }),
      ['NOT_FOUND'],
    );
    await rejects(
      w.callers.vendorA1.faults.setEmailSubscription({ enabled: true, allSites: false, siteIds: [w.sa2.id] }),
      ['NOT_FOUND'],
    );
    expect(await db.faultSubscription.count({ where: { userId: w.vendorA1.id } })).toBe(0);
    await w.callers.vendorA1.faults.setEmailSubscription({ enabled: true, allSites: false, siteIds: [w.sa1.id] });
    const row = await db.faultSubscription.findFirstOrThrow({ where: { userId: w.vendorA1.id } });
    expect(row).toMatchObject({ tenantId: w.A.id, vendorId: w.a1.id, siteIds: [w.sa1.id] });
    await w.callers.vendorA1.faults.setEmailSubscription({ enabled: false });
    expect(await db.faultSubscription.count({ where: { userId: w.vendorA1.id } })).toBe(0);
  },
  'faults.acknowledge': async (w, db) => {
    const [f1, f2, fb] = await Promise.all([aFault(db, w.ca1), aFault(db, w.ca2), aFault(db, w.cb1)]);
    await rejects(w.callers.adminA.faults.acknowledge({ faultId: fb.id }), ['NOT_FOUND']);
    await rejects(w.callers.vendorA1.faults.acknowledge({ faultId: f2.id }), ['NOT_FOUND']);
    const unchanged = await db.fault.findMany({ where: { id: { in: [f2.id, fb.id] } } });
    expect(unchanged.every((f) => f.acknowledgedAt === null)).toBe(true);
    expect((await w.callers.vendorA1.faults.acknowledge({ faultId: f1.id })).acknowledgedById).toBe(w.vendorA1.id);
    expect(await db.auditLog.count({ where: { entityId: { in: [f2.id, fb.id] } } })).toBe(0);
  },
};
