import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { callerFor, hostOf, testServices } from '../../builders.ts';
import { idleBus, rejects, type Cases, type World } from '../world.ts';

// A charger's certificates (issue #20) are operators': a vendor user is refused, tenant B's charger
// is not found and nothing is sent to it; tenant B's rows stored under A's charger are not A's.

const withBus = (w: World, db: Db, userId: string) =>
  callerFor(db, { host: hostOf(w.A), userId, services: { ...testServices(), bus: idleBus } });
type C = Awaited<ReturnType<typeof withBus>>;

async function operatorOnly(w: World, db: Db, action: string, call: (c: C, chargerId: string) => Promise<unknown>) {
  const [vendor, staff] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.staffA.id)]);
  await rejects(call(vendor, w.ca1.id), ['FORBIDDEN']);
  await rejects(call(staff, w.cb1.id), ['NOT_FOUND']);
  expect(await db.chargerCommand.count({ where: { chargerId: w.cb1.id, action } })).toBe(0);
}

const hash = { hashAlgorithm: 'SHA256', issuerNameHash: 'a'.repeat(64), issuerKeyHash: 'b'.repeat(64) };

export const cases: Cases = {
  'certificates.list': async (w, db) => {
    await rejects(w.callers.vendorA1.certificates.list({ chargerId: w.ca1.id }), ['FORBIDDEN']);
    await rejects(w.callers.adminA.certificates.list({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    const row = await db.installedCertificate.create({
      data: {
        tenantId: w.B.id,
        chargerId: w.ca1.id,
        certificateType: 'CSMSRootCertificate',
        serialNumber: '1',
        ...hash,
      },
    });
    try {
      expect((await w.callers.staffA.certificates.list({ chargerId: w.ca1.id })).installed).toEqual([]);
    } finally {
      await db.installedCertificate.delete({ where: { id: row.id } });
    }
  },
  'certificates.install': (w, db) =>
    operatorOnly(w, db, 'InstallCertificate', (c, chargerId) =>
      c.certificates.install({ chargerId, certificateType: 'CentralSystemRootCertificate', operatorRoot: true }),
    ),
  'certificates.report': (w, db) =>
    operatorOnly(w, db, 'GetInstalledCertificateIds', (c, chargerId) => c.certificates.report({ chargerId })),
  'certificates.delete': async (w, db) => {
    // Tenant B's row under tenant A's charger id is not found for tenant A.
    const row = await db.installedCertificate.create({
      data: {
        tenantId: w.B.id,
        chargerId: w.ca1.id,
        certificateType: 'CSMSRootCertificate',
        serialNumber: '2',
        ...hash,
      },
    });
    try {
      const staff = await withBus(w, db, w.staffA.id);
      await rejects(staff.certificates.delete({ chargerId: w.ca1.id, installedId: row.id }), ['NOT_FOUND']);
      await operatorOnly(w, db, 'DeleteCertificate', (c, chargerId) =>
        c.certificates.delete({ chargerId, installedId: row.id }),
      );
      expect(await db.chargerCommand.count({ where: { chargerId: w.ca1.id, action: 'DeleteCertificate' } })).toBe(0);
    } finally {
      await db.installedCertificate.delete({ where: { id: row.id } });
    }
  },
  'certificates.renew': (w, db) =>
    operatorOnly(w, db, 'ExtendedTriggerMessage', (c, chargerId) => c.certificates.renew({ chargerId })),
};
