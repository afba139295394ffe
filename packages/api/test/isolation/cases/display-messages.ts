import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { callerFor, hostOf, testServices } from '../../builders.ts';
import { idleBus, rejects, type Cases, type World } from '../world.ts';

// Display messages (issue #20) are operators': a vendor user is refused, tenant B's charger is not
// found and nothing is sent to it or stored for it. The raw console is operator admins': staff and
// vendor users are refused before anything is checked or sent. The world's chargers speak 1.6, so
// the display cases add (and remove) a 2.0.1 charger on tenant A.

const withBus = (w: World, db: Db, userId: string) =>
  callerFor(db, { host: hostOf(w.A), userId, services: { ...testServices(), bus: idleBus } });
type C = Awaited<ReturnType<typeof withBus>>;

async function with201(w: World, db: Db, run: (chargerId: string) => Promise<void>) {
  const c = await db.charger.create({
    data: { tenantId: w.A.id, identity: `DMSG-${randomUUID()}`, protocol: 'OCPP201' },
  });
  try {
    await run(c.id);
  } finally {
    await db.chargerCommand.deleteMany({ where: { chargerId: c.id } });
    await db.displayMessageReport.deleteMany({ where: { chargerId: c.id } });
    await db.chargerDisplayMessage.deleteMany({ where: { chargerId: c.id } });
    await db.charger.delete({ where: { id: c.id } });
  }
}

async function operatorOnly(w: World, db: Db, action: string, call: (c: C, chargerId: string) => Promise<unknown>) {
  const [vendor, staff] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.staffA.id)]);
  await rejects(call(vendor, w.ca1.id), ['FORBIDDEN']);
  await rejects(call(staff, w.cb1.id), ['NOT_FOUND']);
  expect(await db.chargerCommand.count({ where: { chargerId: w.cb1.id, action } })).toBe(0);
  expect(await db.chargerDisplayMessage.count({ where: { chargerId: w.cb1.id } })).toBe(0);
  await with201(w, db, async (id) => {
    const r = (await call(staff, id)) as { command: { status: string } };
    expect(r.command.status).toBe('OFFLINE');
  });
}

const message = { priority: 'NormalCycle', format: 'UTF8', content: 'Hello' } as const;

export const cases: Cases = {
  'displayMessages.list': async (w, db) => {
    await rejects(w.callers.vendorA1.displayMessages.list({ chargerId: w.ca1.id }), ['FORBIDDEN']);
    await rejects(w.callers.adminA.displayMessages.list({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    await with201(w, db, async (id) => {
      // Tenant B's message stored under tenant A's charger id would still not be tenant A's to read.
      await db.chargerDisplayMessage.create({
        data: { tenantId: w.B.id, chargerId: id, messageId: 1, ...message, source: 'SET' },
      });
      expect((await w.callers.staffA.displayMessages.list({ chargerId: id })).messages).toEqual([]);
    });
  },
  'displayMessages.set': (w, db) =>
    operatorOnly(w, db, 'SetDisplayMessage', (c, chargerId) => c.displayMessages.set({ chargerId, message })),
  'displayMessages.request': (w, db) =>
    operatorOnly(w, db, 'GetDisplayMessages', (c, chargerId) => c.displayMessages.request({ chargerId })),
  'displayMessages.clear': (w, db) =>
    operatorOnly(w, db, 'ClearDisplayMessage', (c, chargerId) => c.displayMessages.clear({ chargerId, id: 1 })),
  'displayMessages.showPayPage': async (w, db) => {
    const [vendor, staff] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.staffA.id)]);
    await rejects(vendor.displayMessages.showPayPage({ chargerId: w.ca1.id, evseId: 1 }), ['FORBIDDEN']);
    await rejects(staff.displayMessages.showPayPage({ chargerId: w.cb1.id, evseId: 1 }), ['NOT_FOUND']);
    expect(await db.chargerCommand.count({ where: { chargerId: w.cb1.id } })).toBe(0);
  },
  'chargerConsole.list': async (w) => {
    await rejects(w.callers.staffA.chargerConsole.list({ chargerId: w.ca1.id }), ['FORBIDDEN']);
    await rejects(w.callers.vendorA1.chargerConsole.list({ chargerId: w.ca1.id }), ['FORBIDDEN']);
    await rejects(w.callers.adminA.chargerConsole.list({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    expect((await w.callers.adminA.chargerConsole.list({ chargerId: w.ca1.id })).actions).toContain('TriggerMessage');
  },
  'chargerConsole.send': async (w, db) => {
    const [vendor, staff, admin] = await Promise.all([
      withBus(w, db, w.vendorA1.id),
      withBus(w, db, w.staffA.id),
      withBus(w, db, w.adminA.id),
    ]);
    const input = (chargerId: string) => ({ chargerId, action: 'ClearCache', payload: {} });
    await rejects(vendor.chargerConsole.send(input(w.ca1.id)), ['FORBIDDEN']);
    await rejects(staff.chargerConsole.send(input(w.ca1.id)), ['FORBIDDEN']);
    await rejects(admin.chargerConsole.send(input(w.cb1.id)), ['NOT_FOUND']);
    expect(
      await db.chargerCommand.count({ where: { chargerId: { in: [w.ca1.id, w.cb1.id] }, source: 'console' } }),
    ).toBe(0);
    const r = await admin.chargerConsole.send(input(w.ca1.id));
    expect(r).toMatchObject({ sent: true, command: { action: 'ClearCache', status: 'OFFLINE' } });
    await db.chargerCommand.deleteMany({ where: { chargerId: w.ca1.id, source: 'console' } });
  },
};
