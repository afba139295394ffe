import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { callerFor, hostOf, testServices } from '../../builders.ts';
import { idleBus, rejects, type Cases, type World } from '../world.ts';

// The 2.0.1 device model and monitoring (issue #20): a vendor user reads its own chargers' model and
// sends nothing; an operator never reaches another tenant's charger; a network profile is an admin's.
// The world's chargers speak 1.6, so each case adds (and removes) a 2.0.1 charger on tenant A.

const withBus = (w: World, db: Db, userId: string) =>
  callerFor(db, { host: hostOf(w.A), userId, services: { ...testServices(), bus: idleBus } });

async function with201(w: World, db: Db, run: (chargerId: string) => Promise<void>) {
  const c = await db.charger.create({
    data: { tenantId: w.A.id, identity: `DM-${randomUUID()}`, protocol: 'OCPP201' },
  });
  try {
    await run(c.id);
  } finally {
    await db.chargerCommand.deleteMany({ where: { chargerId: c.id } });
    await db.deviceReport.deleteMany({ where: { chargerId: c.id } });
    await db.charger.delete({ where: { id: c.id } });
  }
}

/** Vendor users are refused, tenant B's charger is not found, and nothing is sent to it. */
async function operatorAction(
  w: World,
  db: Db,
  action: string,
  call: (caller: Awaited<ReturnType<typeof withBus>>, chargerId: string) => Promise<unknown>,
  ok: (r: unknown) => void,
) {
  const [vendor, staff] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.staffA.id)]);
  await rejects(call(vendor, w.ca1.id), ['FORBIDDEN']);
  await rejects(call(staff, w.cb1.id), ['NOT_FOUND']);
  expect(await db.chargerCommand.count({ where: { chargerId: w.cb1.id, action } })).toBe(0);
  await with201(w, db, async (id) => ok(await call(staff, id)));
}

const offline = (r: unknown) => expect((r as { reply: { status: string } }).reply.status).toBe('OFFLINE');

export const cases: Cases = {
  'deviceModel.get': async (w, db) => {
    expect((await w.callers.vendorA1.deviceModel.get({ chargerId: w.ca1.id })).chargerId).toBe(w.ca1.id);
    await rejects(w.callers.vendorA1.deviceModel.get({ chargerId: w.ca2.id }), ['NOT_FOUND']);
    await rejects(w.callers.adminA.deviceModel.get({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    // Tenant B's variables never show on tenant A's charger.
    await db.deviceVariable.create({
      data: {
        tenantId: w.B.id,
        chargerId: w.cb1.id,
        key: 'X/Y',
        component: 'X',
        variable: 'Y',
        attributes: [],
        reportId: randomUUID(),
      },
    });
    expect((await w.callers.adminA.deviceModel.get({ chargerId: w.ca1.id })).total).toBe(0);
  },
  'deviceModel.requestBaseReport': (w, db) =>
    operatorAction(
      w,
      db,
      'GetBaseReport',
      (c, chargerId) => c.deviceModel.requestBaseReport({ chargerId, reportBase: 'FullInventory' }),
      (r) => {
        offline(r);
        expect((r as { reports: { status: string }[] }).reports[0]!.status).toBe('REFUSED');
      },
    ),
  'deviceModel.requestReport': (w, db) =>
    operatorAction(
      w,
      db,
      'GetReport',
      (c, chargerId) => c.deviceModel.requestReport({ chargerId, componentCriteria: ['Problem'] }),
      offline,
    ),
  'deviceModel.setNetworkProfile': async (w, db) => {
    const input = (chargerId: string) => ({
      chargerId,
      configurationSlot: 1,
      connectionData: {
        ocppVersion: 'OCPP20' as const,
        ocppTransport: 'JSON' as const,
        ocppCsmsUrl: 'wss://csms.example.test/ocpp',
        messageTimeout: 30,
        securityProfile: 2,
        ocppInterface: 'Wired0' as const,
      },
    });
    const [staff, admin] = await Promise.all([withBus(w, db, w.staffA.id), withBus(w, db, w.adminA.id)]);
    await rejects(staff.deviceModel.setNetworkProfile(input(w.ca1.id)), ['FORBIDDEN']);
    await rejects(admin.deviceModel.setNetworkProfile(input(w.cb1.id)), ['NOT_FOUND']);
    await with201(w, db, async (id) => offline(await admin.deviceModel.setNetworkProfile(input(id))));
  },
  'deviceModel.resetEvse': (w, db) =>
    operatorAction(w, db, 'Reset', (c, chargerId) => c.deviceModel.resetEvse({ chargerId, evseId: 1 }), offline),
  'deviceModel.setMonitors': (w, db) =>
    operatorAction(
      w,
      db,
      'SetVariableMonitoring',
      (c, chargerId) =>
        c.deviceModel.setMonitors({
          chargerId,
          monitors: [{ key: 'EVSE@1/Power', type: 'UpperThreshold', value: 1, severity: 4 }],
        }),
      offline,
    ),
  'deviceModel.clearMonitors': (w, db) =>
    operatorAction(
      w,
      db,
      'ClearVariableMonitoring',
      (c, chargerId) => c.deviceModel.clearMonitors({ chargerId, ids: [1] }),
      offline,
    ),
  'deviceModel.requestMonitoringReport': (w, db) =>
    operatorAction(
      w,
      db,
      'GetMonitoringReport',
      (c, chargerId) => c.deviceModel.requestMonitoringReport({ chargerId }),
      offline,
    ),
  'deviceModel.setMonitoringBase': (w, db) =>
    operatorAction(
      w,
      db,
      'SetMonitoringBase',
      (c, chargerId) => c.deviceModel.setMonitoringBase({ chargerId, monitoringBase: 'All' }),
      offline,
    ),
  'deviceModel.setMonitoringLevel': (w, db) =>
    operatorAction(
      w,
      db,
      'SetMonitoringLevel',
      (c, chargerId) => c.deviceModel.setMonitoringLevel({ chargerId, severity: 3 }),
      offline,
    ),
};
