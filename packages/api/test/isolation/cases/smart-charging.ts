import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { callerFor, hostOf, testServices } from '../../builders.ts';
import { idleBus, rejects, type Cases, type World } from '../world.ts';

/** A stored ACTIVE profile on charger `c` (as if the charger had accepted it). */
async function aProfile(db: Db, c: { id: string; tenantId: string }, ocppProfileId: number) {
  const profile = {
    evseId: 1,
    profile: {
      id: ocppProfileId,
      stackLevel: 0,
      purpose: 'TxDefaultProfile',
      kind: 'Relative',
      schedules: [{ chargingRateUnit: 'W', periods: [{ startPeriod: 0, limit: 7000 }] }],
    },
  };
  return db.chargingProfile.create({
    data: {
      tenantId: c.tenantId,
      chargerId: c.id,
      evseId: 1,
      ocppProfileId,
      purpose: 'TxDefaultProfile',
      kind: 'Relative',
      stackLevel: 0,
      chargingRateUnit: 'W',
      profile,
      status: 'ACTIVE',
    },
  });
}

const withBus = (w: World, db: Db, userId: string) =>
  callerFor(db, { host: hostOf(w.A), userId, services: { ...testServices(), bus: idleBus } });

const input = (chargerId: string) => ({
  chargerId,
  evseId: 1,
  purpose: 'TxDefaultProfile' as const,
  kind: 'Relative' as const,
  stackLevel: 0,
  unit: 'W' as const,
  periods: [{ startPeriod: 0, limit: 5000 }],
});

export const cases: Cases = {
  'smartCharging.list': async (w, db) => {
    const [pa1, pa2, pb1] = await Promise.all([aProfile(db, w.ca1, 1), aProfile(db, w.ca2, 2), aProfile(db, w.cb1, 3)]);
    const admin = await w.callers.adminA.smartCharging.list({ chargerId: w.ca1.id });
    expect(admin.profiles.map((p) => p.id)).toEqual([pa1.id]);
    await rejects(w.callers.adminA.smartCharging.list({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    // A vendor user reads its own charger's profiles, not another vendor's charger.
    expect((await w.callers.vendorA1.smartCharging.list({ chargerId: w.ca1.id })).profiles.map((p) => p.id)).toEqual([
      pa1.id,
    ]);
    await rejects(w.callers.vendorA1.smartCharging.list({ chargerId: w.ca2.id }), ['NOT_FOUND']);
    expect(JSON.stringify(admin)).not.toContain(pa2.id);
    expect(JSON.stringify(admin)).not.toContain(pb1.id);
  },
  'smartCharging.evState': async (w, db) => {
    const needs = (c: { id: string; tenantId: string }, energyAmountWh: number) =>
      db.evChargingNeeds.create({
        data: {
          tenantId: c.tenantId,
          chargerId: c.id,
          evseId: 1,
          requestedEnergyTransfer: 'AC_three_phase',
          energyAmountWh,
          needs: { requestedEnergyTransfer: 'AC_three_phase' },
        },
      });
    const limit = (c: { id: string; tenantId: string }, limitW: number) =>
      db.externalChargingLimit.create({
        data: { tenantId: c.tenantId, chargerId: c.id, evseId: 1, chargingLimitSource: 'EMS', limitW },
      });
    await Promise.all([needs(w.ca1, 11_111), needs(w.ca2, 22_222), needs(w.cb1, 33_333)]);
    await Promise.all([limit(w.ca1, 4_441), limit(w.ca2, 4_442), limit(w.cb1, 4_443)]);
    const evse1 = (s: { evses: { evseId: number; needs: { energyAmountWh: number | null } | null }[] }) =>
      s.evses.find((e) => e.evseId === 1);
    const admin = await w.callers.adminA.smartCharging.evState({ chargerId: w.ca1.id });
    expect(evse1(admin)?.needs?.energyAmountWh).toBe(11_111);
    expect(admin.evses.flatMap((e) => e.limits.map((l) => l.limitW))).toEqual([4_441]);
    await rejects(w.callers.adminA.smartCharging.evState({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    // A vendor user reads its own charger's EV state, not another vendor's charger.
    expect(evse1(await w.callers.vendorA1.smartCharging.evState({ chargerId: w.ca1.id }))?.needs?.energyAmountWh).toBe(
      11_111,
    );
    await rejects(w.callers.vendorA1.smartCharging.evState({ chargerId: w.ca2.id }), ['NOT_FOUND']);
    for (const other of ['22222', '33333', '4442', '4443']) expect(JSON.stringify(admin)).not.toContain(other);
  },
  'smartCharging.reported': async (w, db) => {
    await db.reportedChargingProfile.create({
      data: {
        tenantId: w.B.id,
        chargerId: w.cb1.id,
        requestId: 77,
        evseId: 1,
        chargingLimitSource: 'CSO',
        profile: (await aProfile(db, w.cb1, 4)).profile as object,
        last: true,
      },
    });
    await rejects(w.callers.adminA.smartCharging.reported({ chargerId: w.cb1.id, requestId: 77 }), ['NOT_FOUND']);
    await rejects(w.callers.vendorA1.smartCharging.reported({ chargerId: w.ca2.id, requestId: 77 }), ['NOT_FOUND']);
    expect(await w.callers.adminA.smartCharging.reported({ chargerId: w.ca1.id, requestId: 77 })).toEqual({
      complete: false,
      profiles: [],
    });
  },
  'smartCharging.set': async (w, db) => {
    const [vendor, admin] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.adminA.id)]);
    const before = await db.chargingProfile.count();
    await rejects(vendor.smartCharging.set(input(w.ca1.id)), ['FORBIDDEN']);
    await rejects(admin.smartCharging.set(input(w.cb1.id)), ['NOT_FOUND']);
    expect(await db.chargingProfile.count()).toBe(before);
  },
  'smartCharging.clear': async (w, db) => {
    const pb = await aProfile(db, w.cb1, 5);
    const [vendor, admin] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.adminA.id)]);
    await rejects(vendor.smartCharging.clear({ chargerId: w.ca1.id, profileId: 5 }), ['FORBIDDEN']);
    await rejects(admin.smartCharging.clear({ chargerId: w.cb1.id, profileId: 5 }), ['NOT_FOUND']);
    expect((await db.chargingProfile.findUniqueOrThrow({ where: { id: pb.id } })).status).toBe('ACTIVE');
  },
  'smartCharging.compositeSchedule': async (w, db) => {
    const [vendor, admin] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.adminA.id)]);
    await rejects(vendor.smartCharging.compositeSchedule({ chargerId: w.ca1.id, evseId: 1 }), ['FORBIDDEN']);
    await rejects(admin.smartCharging.compositeSchedule({ chargerId: w.cb1.id, evseId: 1 }), ['NOT_FOUND']);
    expect(await db.compositeSchedule.count({ where: { chargerId: w.cb1.id } })).toBe(0);
  },
  'smartCharging.remoteStart': async (w, db) => {
    const [vendor, admin] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.adminA.id)]);
    const start = (chargerId: string) => ({
      chargerId,
      evseId: 1,
      idTag: 'ISOLATION1',
      unit: 'A' as const,
      periods: [{ startPeriod: 0, limit: 16 }],
    });
    const before = await db.chargingProfile.count();
    await rejects(vendor.smartCharging.remoteStart(start(w.ca1.id)), ['FORBIDDEN']);
    await rejects(admin.smartCharging.remoteStart(start(w.cb1.id)), ['NOT_FOUND']);
    expect(await db.chargingProfile.count()).toBe(before);
    expect(await db.chargerCommand.count({ where: { chargerId: w.cb1.id, action: 'RemoteStartTransaction' } })).toBe(0);
  },
  'smartCharging.requestReport': async (w, db) => {
    const [vendor, admin] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.adminA.id)]);
    await rejects(vendor.smartCharging.requestReport({ chargerId: w.ca1.id }), ['FORBIDDEN']);
    await rejects(admin.smartCharging.requestReport({ chargerId: w.cb1.id }), ['NOT_FOUND']);
  },
};
