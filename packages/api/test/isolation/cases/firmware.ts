import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { callerFor, hostOf, testServices } from '../../builders.ts';
import { idleBus, rejects, type Cases, type World } from '../world.ts';

// Firmware images, updates, publications and log requests (issue #20) are operators': a vendor
// user is refused, tenant B's charger and image are not found, and nothing is sent or stored for
// them. The world's chargers are offline: an allowed call records an OFFLINE command.

const withBus = (w: World, db: Db, userId: string) =>
  callerFor(db, { host: hostOf(w.A), userId, services: { ...testServices(), bus: idleBus } });
type C = Awaited<ReturnType<typeof withBus>>;

async function operatorOnly(w: World, db: Db, action: string, call: (c: C, chargerId: string) => Promise<unknown>) {
  const [vendor, staff] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.staffA.id)]);
  await rejects(call(vendor, w.ca1.id), ['FORBIDDEN']);
  await rejects(call(staff, w.cb1.id), ['NOT_FOUND']);
  expect(await db.chargerCommand.count({ where: { chargerId: w.cb1.id, action } })).toBe(0);
  expect(await db.firmwareRequest.count({ where: { chargerId: w.cb1.id } })).toBe(0);
  expect(await db.chargerLogRequest.count({ where: { chargerId: w.cb1.id } })).toBe(0);
}

/** A READY image of tenant B (no file needed: only its row is looked up before refusing). */
const imageOfB = (w: World, db: Db) =>
  db.firmwareImage.create({
    data: { tenantId: w.B.id, version: 'B-1', fileName: 'b.bin', status: 'READY', storageKey: `${w.B.id}/firmware/x` },
  });

export const cases: Cases = {
  'firmware.images': async (w, db) => {
    await rejects(w.callers.vendorA1.firmware.images({}), ['FORBIDDEN']);
    const b = await imageOfB(w, db);
    expect((await w.callers.staffA.firmware.images({})).map((i) => i.id)).not.toContain(b.id);
    expect((await w.callers.adminA.firmware.images({})).map((i) => i.id)).not.toContain(b.id);
  },
  'firmware.createImage': async (w, db) => {
    const before = await db.firmwareImage.count({ where: { tenantId: w.A.id } });
    await rejects(w.callers.vendorA1.firmware.createImage({ version: '1', fileName: 'v.bin' }), ['FORBIDDEN']);
    expect(await db.firmwareImage.count({ where: { tenantId: w.A.id } })).toBe(before);
    const { image } = await w.callers.staffA.firmware.createImage({ version: '1', fileName: 'a.bin' });
    expect((await db.firmwareImage.findUniqueOrThrow({ where: { id: image.id } })).tenantId).toBe(w.A.id);
  },
  'firmware.history': async (w) => {
    await rejects(w.callers.vendorA1.firmware.history({ chargerId: w.ca1.id }), ['FORBIDDEN']);
    await rejects(w.callers.adminA.firmware.history({ chargerId: w.cb1.id }), ['NOT_FOUND']);
  },
  'firmware.update': async (w, db) => {
    await operatorOnly(w, db, 'UpdateFirmware', (c, chargerId) =>
      c.firmware.update({ chargerId, location: 'https://firmware.example.com/fw.bin' }),
    );
    // Tenant B's image on tenant A's charger is not found, and nothing is sent.
    const b = await imageOfB(w, db);
    const staff = await withBus(w, db, w.staffA.id);
    const sent = await db.chargerCommand.count({ where: { chargerId: w.ca1.id } });
    await rejects(staff.firmware.update({ chargerId: w.ca1.id, imageId: b.id }), ['NOT_FOUND']);
    expect(await db.chargerCommand.count({ where: { chargerId: w.ca1.id } })).toBe(sent);
  },
  'firmware.publish': async (w, db) => {
    const b = await imageOfB(w, db);
    await operatorOnly(w, db, 'PublishFirmware', (c, chargerId) => c.firmware.publish({ chargerId, imageId: b.id }));
  },
  'firmware.unpublish': (w, db) =>
    operatorOnly(w, db, 'UnpublishFirmware', (c, chargerId) => c.firmware.unpublish({ chargerId, requestId: 1 })),
  'firmware.logs': async (w) => {
    await rejects(w.callers.vendorA1.firmware.logs({ chargerId: w.ca1.id }), ['FORBIDDEN']);
    await rejects(w.callers.adminA.firmware.logs({ chargerId: w.cb1.id }), ['NOT_FOUND']);
  },
  'firmware.requestLog': (w, db) =>
    operatorOnly(w, db, 'GetDiagnostics', (c, chargerId) => c.firmware.requestLog({ chargerId })),
};
