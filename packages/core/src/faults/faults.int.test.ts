import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { AppError } from '../errors/app-error.ts';
import { demoFleet, minutes, type DemoFleet } from '../fleet/test-builders.ts';
import { acknowledgeFault } from './acknowledge-fault.ts';
import { listFaults } from './list-faults.ts';

let t: TestDatabase;
let fleet: DemoFleet;
let sunriseFault: string;
let highwayFault: string;

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await demoFleet(t.db);
  await t.db.charger.updateMany({ where: { tenantId: fleet.tenantId }, data: { online: true } });
  const sunrise = fleet.chargers.find((c) => c.vendorId === fleet.sunrise.vendorId)!;
  const highway = fleet.chargers.find((c) => c.vendorId === fleet.highway.vendorId)!;
  const fault = (c: typeof sunrise, code: string, startedAt: Date, endedAt: Date | null = null) =>
    t.db.fault.create({
      data: {
        tenantId: fleet.tenantId,
        chargerId: c.id,
        vendorId: c.vendorId,
        evseId: 1,
        connectorId: 1,
        kind: 'CONNECTOR_ERROR',
        code,
        startedAt,
        endedAt,
      },
    });
  sunriseFault = (await fault(sunrise, 'GroundFailure', new Date(Date.now() - minutes(5)))).id;
  highwayFault = (await fault(highway, 'OverCurrentFailure', new Date(Date.now() - minutes(2)))).id;
  await fault(highway, 'HighTemperature', new Date(Date.now() - minutes(60)), new Date(Date.now() - minutes(30)));
  // One charger offline for 10 minutes without an OFFLINE fault yet.
  await t.db.charger.update({
    where: { id: sunrise.id },
    data: { online: false, lastSeenAt: new Date(Date.now() - minutes(10)) },
  });
});
afterAll(async () => t.drop());

describe('listFaults', () => {
  it('lists open faults newest first and the offline chargers', async () => {
    const r = await listFaults({ db: t.db, scope: fleet.operator });
    expect(r.faults.map((f) => f.code)).toEqual(['OverCurrentFailure', 'GroundFailure']);
    expect(r.openCount).toBe(2);
    expect(r.offlineCount).toBe(1);
    expect(r.offlineChargers[0]!.lastSeenAt).toBeInstanceOf(Date);
    const all = await listFaults({ db: t.db, scope: fleet.operator, input: { state: 'all' } });
    expect(all.faults).toHaveLength(3);
  });

  it('scopes the feed to the vendor', async () => {
    const r = await listFaults({ db: t.db, scope: fleet.highway });
    expect(r.faults.map((f) => f.code)).toEqual(['OverCurrentFailure']);
    expect(r.offlineCount).toBe(0);
  });
});

describe('acknowledgeFault', () => {
  it('records who acknowledged, once, with an audit entry', async () => {
    const r = await acknowledgeFault({ db: t.db, scope: fleet.operator, input: { faultId: highwayFault } });
    expect(r.acknowledgedById).toBe(fleet.adminId);
    const audit = await t.db.auditLog.findFirst({ where: { action: 'fault.acknowledge', entityId: highwayFault } });
    expect(audit?.actorUserId).toBe(fleet.adminId);
    expect(audit?.tenantId).toBe(fleet.tenantId);
    const again = await acknowledgeFault({ db: t.db, scope: fleet.operator, input: { faultId: highwayFault } }).catch(
      (e: unknown) => e,
    );
    expect(AppError.is(again) && again.code).toBe('CONFLICT');
    const unacked = await listFaults({ db: t.db, scope: fleet.operator, input: { acknowledged: 'no' } });
    expect(unacked.faults.map((f) => f.id)).toEqual([sunriseFault]);
  });

  it('does not let a vendor user acknowledge another vendor fault', async () => {
    const err = await acknowledgeFault({ db: t.db, scope: fleet.highway, input: { faultId: sunriseFault } }).catch(
      (e: unknown) => e,
    );
    expect(AppError.is(err) && err.code).toBe('NOT_FOUND');
    expect((await t.db.fault.findUniqueOrThrow({ where: { id: sunriseFault } })).acknowledgedAt).toBeNull();
    await acknowledgeFault({ db: t.db, scope: fleet.sunrise, input: { faultId: sunriseFault } });
    expect(await t.db.auditLog.count({ where: { action: 'fault.acknowledge' } })).toBe(2);
  });
});
