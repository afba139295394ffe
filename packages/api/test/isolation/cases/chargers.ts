import { expect } from 'vitest';
import { callerFor, hostOf, testServices } from '../../builders.ts';
import { idleBus, rejects, type Cases } from '../world.ts';

export const cases: Cases = {
  'chargers.detail': async (w) => {
    expect((await w.callers.vendorA1.chargers.detail({ chargerId: w.ca1.id })).charger.id).toBe(w.ca1.id);
    await rejects(w.callers.adminA.chargers.detail({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    await rejects(w.callers.vendorA1.chargers.detail({ chargerId: w.ca2.id }), ['NOT_FOUND']);
  },
  'chargers.action': async (w, db) => {
    const as = (userId: string) =>
      callerFor(db, { host: hostOf(w.A), userId, services: { ...testServices(), bus: idleBus } });
    const vendor = await as(w.vendorA1.id);
    const admin = await as(w.adminA.id);
    const reset = { kind: 'reset' as const, hard: false };
    // Its own charger: the command is recorded and answered as offline (nothing to send to).
    expect((await vendor.chargers.action({ chargerId: w.ca1.id, action: reset })).status).toBe('OFFLINE');
    await rejects(vendor.chargers.action({ chargerId: w.ca2.id, action: reset }), ['NOT_FOUND']);
    await rejects(admin.chargers.action({ chargerId: w.cb1.id, action: reset }), ['NOT_FOUND']);
    expect(await db.chargerCommand.count({ where: { chargerId: { in: [w.ca2.id, w.cb1.id] } } })).toBe(0);
  },
};
