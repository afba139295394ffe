import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { callerFor, hostOf, testServices } from '../../builders.ts';
import { idleBus, rejects, type Cases, type World } from '../world.ts';

const withBus = (w: World, db: Db, userId: string) =>
  callerFor(db, { host: hostOf(w.A), userId, services: { ...testServices(), bus: idleBus } });

export const cases: Cases = {
  'chargerSecurity.rotatePassword': async (w, db) => {
    const [vendor, staff, admin] = await Promise.all([
      withBus(w, db, w.vendorA1.id),
      withBus(w, db, w.staffA.id),
      withBus(w, db, w.adminA.id),
    ]);
    await rejects(vendor.chargerSecurity.rotatePassword({ chargerId: w.ca1.id }), ['FORBIDDEN']);
    await rejects(staff.chargerSecurity.rotatePassword({ chargerId: w.ca1.id }), ['FORBIDDEN']);
    // Tenant B's charger is not found from tenant A.
    await rejects(admin.chargerSecurity.rotatePassword({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    expect(await db.chargerPasswordRotation.count({ where: { chargerId: w.cb1.id } })).toBe(0);
  },
};
