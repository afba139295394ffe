import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { callerFor, hostOf, testServices } from '../../builders.ts';
import { idleBus, rejects, type Cases, type World } from '../world.ts';

// The local authorization list (issue #20): a vendor user reads the list of its own chargers and
// sends nothing; an operator never reaches another tenant's charger or id tokens.

const withBus = (w: World, db: Db, userId: string) =>
  callerFor(db, { host: hostOf(w.A), userId, services: { ...testServices(), bus: idleBus } });

async function tokens(w: World, db: Db) {
  const a = await db.idToken.create({ data: { tenantId: w.A.id, token: `LL-A-${Date.now()}` } });
  const b = await db.idToken.create({ data: { tenantId: w.B.id, token: `LL-B-${Date.now()}` } });
  return { a, b };
}

export const cases: Cases = {
  'localAuthList.get': async (w) => {
    expect((await w.callers.vendorA1.localAuthList.get({ chargerId: w.ca1.id })).chargerId).toBe(w.ca1.id);
    await rejects(w.callers.vendorA1.localAuthList.get({ chargerId: w.ca2.id }), ['NOT_FOUND']);
    await rejects(w.callers.adminA.localAuthList.get({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    await rejects(w.callers.adminAonB.localAuthList.get({ chargerId: w.ca1.id }), [
      'NOT_FOUND',
      'UNAUTHORIZED',
      'FORBIDDEN',
    ]);
  },
  'localAuthList.searchTokens': async (w, db) => {
    const { a, b } = await tokens(w, db);
    const found = (await w.callers.adminA.localAuthList.searchTokens({ query: 'LL-' })).map((t) => t.id);
    expect(found).toContain(a.id);
    expect(found).not.toContain(b.id);
    await rejects(w.callers.vendorA1.localAuthList.searchTokens({ query: '' }), ['FORBIDDEN']);
  },
  'localAuthList.send': async (w, db) => {
    const { a, b } = await tokens(w, db);
    const [vendor, staff] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.staffA.id)]);
    await rejects(vendor.localAuthList.send({ chargerId: w.ca1.id, mode: 'FULL', idTokenIds: [a.id] }), ['FORBIDDEN']);
    await rejects(staff.localAuthList.send({ chargerId: w.cb1.id, mode: 'FULL', idTokenIds: [a.id] }), ['NOT_FOUND']);
    // Another tenant's token cannot go on this tenant's charger.
    await rejects(staff.localAuthList.send({ chargerId: w.ca1.id, mode: 'FULL', idTokenIds: [b.id] }), ['NOT_FOUND']);
    expect(await db.localListSend.count({ where: { chargerId: { in: [w.cb1.id] } } })).toBe(0);
    // Its own charger, offline: the send is recorded with that outcome.
    const r = await staff.localAuthList.send({ chargerId: w.ca1.id, mode: 'FULL', idTokenIds: [a.id] });
    expect(r.send.outcome).toBe('OFFLINE');
  },
  'localAuthList.getVersion': async (w, db) => {
    const [vendor, admin] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.adminA.id)]);
    await rejects(vendor.localAuthList.getVersion({ chargerId: w.ca1.id }), ['FORBIDDEN']);
    await rejects(admin.localAuthList.getVersion({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    expect(await db.chargerCommand.count({ where: { chargerId: w.cb1.id, action: 'GetLocalListVersion' } })).toBe(0);
  },
  'localAuthList.clearCache': async (w, db) => {
    const [vendor, admin] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.adminA.id)]);
    await rejects(vendor.localAuthList.clearCache({ chargerId: w.ca1.id }), ['FORBIDDEN']);
    await rejects(admin.localAuthList.clearCache({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    expect(await db.chargerCommand.count({ where: { chargerId: w.cb1.id, action: 'ClearCache' } })).toBe(0);
  },
};
