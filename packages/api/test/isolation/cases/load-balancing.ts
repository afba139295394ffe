import { expect } from 'vitest';
import { adminOnly, DENIED, rejects, type Cases, type World } from '../world.ts';

// Load balancing (#21): the tree is the operator admin's, within its tenant; the allocation is read
// by the operator and by the vendor that owns the site only.

const mainOf = (w: World, siteId: string) =>
  w.callers.adminA.loadBalancing.upsertCircuit({ siteId, name: 'Main', maxPowerW: 22_000 });

export const cases: Cases = {
  'loadBalancing.site': async (w, db) => {
    await db.loadCircuit.deleteMany({});
    const main = await mainOf(w, w.sa1.id);
    await w.callers.adminA.loadBalancing.assignEvse({ chargerId: w.ca1.id, evseId: 1, circuitId: main.id });
    const mainB = await db.loadCircuit.create({
      data: { tenantId: w.B.id, siteId: w.sb1.id, name: 'B main', maxPowerW: 11_000 },
    });
    const admin = await w.callers.adminA.loadBalancing.site({ siteId: w.sa1.id });
    expect(admin.circuits.map((c) => c.id)).toEqual([main.id]);
    expect(admin.evses.map((e) => e.chargerId)).toEqual([w.ca1.id]);
    // The vendor that owns the site reads it; not another vendor's site, not another tenant's.
    const vendor = await w.callers.vendorA1.loadBalancing.site({ siteId: w.sa1.id });
    expect(vendor.circuits.map((c) => c.id)).toEqual([main.id]);
    await rejects(w.callers.vendorA1.loadBalancing.site({ siteId: w.sa2.id }), ['NOT_FOUND']);
    await rejects(w.callers.adminA.loadBalancing.site({ siteId: w.sb1.id }), ['NOT_FOUND']);
    await rejects(w.callers.adminAonB.loadBalancing.site({ siteId: w.sa1.id }), DENIED);
    expect(JSON.stringify(admin)).not.toContain(mainB.id);
  },
  'loadBalancing.siteHistory': async (w, db) => {
    await db.loadCircuit.deleteMany({});
    const main = await mainOf(w, w.sa1.id);
    const mainB = await db.loadCircuit.create({
      data: { tenantId: w.B.id, siteId: w.sb1.id, name: 'B main', maxPowerW: 11_000 },
    });
    const admin = await w.callers.adminA.loadBalancing.siteHistory({ siteId: w.sa1.id });
    expect(admin.circuit?.id).toBe(main.id);
    expect(admin.points.at(-1)?.capacityW).toBe(22_000);
    // The vendor that owns the site reads it; not another vendor's site, not another tenant's.
    const vendor = await w.callers.vendorA1.loadBalancing.siteHistory({ siteId: w.sa1.id });
    expect(vendor.circuit?.id).toBe(main.id);
    await rejects(w.callers.vendorA1.loadBalancing.siteHistory({ siteId: w.sa2.id }), ['NOT_FOUND']);
    await rejects(w.callers.adminA.loadBalancing.siteHistory({ siteId: w.sb1.id }), ['NOT_FOUND']);
    await rejects(w.callers.adminAonB.loadBalancing.siteHistory({ siteId: w.sa1.id }), DENIED);
    expect(JSON.stringify(admin)).not.toContain(mainB.id);
  },
  'loadBalancing.upsertCircuit': async (w, db) => {
    await db.loadCircuit.deleteMany({});
    await adminOnly((c, w) => c.loadBalancing.upsertCircuit({ siteId: w.sa1.id, name: 'X', maxPowerW: 1000 }))(w);
    await rejects(w.callers.adminA.loadBalancing.upsertCircuit({ siteId: w.sb1.id, name: 'X', maxPowerW: 1000 }), [
      'NOT_FOUND',
    ]);
    const mainB = await db.loadCircuit.create({
      data: { tenantId: w.B.id, siteId: w.sb1.id, name: 'B main', maxPowerW: 11_000 },
    });
    // Another tenant's circuit can be neither changed nor used as a parent.
    await rejects(
      w.callers.adminA.loadBalancing.upsertCircuit({ siteId: w.sa1.id, id: mainB.id, name: 'X', maxPowerW: 1 }),
      ['NOT_FOUND'],
    );
    await rejects(
      w.callers.adminA.loadBalancing.upsertCircuit({ siteId: w.sa1.id, parentId: mainB.id, name: 'X', maxPowerW: 1 }),
      ['BAD_REQUEST'],
    );
    expect(await db.loadCircuit.findUniqueOrThrow({ where: { id: mainB.id } })).toMatchObject({ maxPowerW: 11_000 });
  },
  'loadBalancing.deleteCircuit': async (w, db) => {
    await db.loadCircuit.deleteMany({});
    const main = await mainOf(w, w.sa1.id);
    await adminOnly((c) => c.loadBalancing.deleteCircuit({ siteId: w.sa1.id, id: main.id }))(w);
    const mainB = await db.loadCircuit.create({
      data: { tenantId: w.B.id, siteId: w.sb1.id, name: 'B main', maxPowerW: 11_000 },
    });
    await rejects(w.callers.adminA.loadBalancing.deleteCircuit({ siteId: w.sb1.id, id: mainB.id }), ['NOT_FOUND']);
    await rejects(w.callers.adminA.loadBalancing.deleteCircuit({ siteId: w.sa1.id, id: mainB.id }), ['NOT_FOUND']);
    expect(await db.loadCircuit.count({ where: { id: mainB.id } })).toBe(1);
    expect(await w.callers.adminA.loadBalancing.deleteCircuit({ siteId: w.sa1.id, id: main.id })).toEqual({
      deleted: 1,
    });
  },
  'loadBalancing.assignEvse': async (w, db) => {
    await db.loadCircuit.deleteMany({});
    const main = await mainOf(w, w.sa1.id);
    await adminOnly((c) => c.loadBalancing.assignEvse({ chargerId: w.ca1.id, evseId: 1, circuitId: main.id }))(w);
    // Another tenant's charger; a charger of another site of the same tenant.
    await rejects(w.callers.adminA.loadBalancing.assignEvse({ chargerId: w.cb1.id, evseId: 1, circuitId: main.id }), [
      'NOT_FOUND',
    ]);
    await rejects(w.callers.adminA.loadBalancing.assignEvse({ chargerId: w.ca2.id, evseId: 1, circuitId: main.id }), [
      'BAD_REQUEST',
    ]);
    const mainB = await db.loadCircuit.create({
      data: { tenantId: w.B.id, siteId: w.sb1.id, name: 'B main', maxPowerW: 11_000 },
    });
    await rejects(w.callers.adminA.loadBalancing.assignEvse({ chargerId: w.ca1.id, evseId: 1, circuitId: mainB.id }), [
      'NOT_FOUND',
    ]);
    expect(await db.loadCircuitEvse.count()).toBe(0);
  },
};
