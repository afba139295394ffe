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
