import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { callerFor, hostOf, testServices } from '../../builders.ts';
import { idleBus, rejects, type Cases, type World } from '../world.ts';

// Customer information (N09/N10, issue #20) is operators': a vendor user is refused, tenant B's
// charger or card is not found, and nothing is sent to tenant B's chargers or stored for them. The
// world's chargers speak 1.6, so the cases add (and remove) a 2.0.1 charger on tenant A.

const withBus = (w: World, db: Db, userId: string) =>
  callerFor(db, { host: hostOf(w.A), userId, services: { ...testServices(), bus: idleBus } });

async function with201(w: World, db: Db, run: (chargerId: string) => Promise<void>) {
  const c = await db.charger.create({
    data: { tenantId: w.A.id, identity: `CINF-${randomUUID()}`, protocol: 'OCPP201' },
  });
  try {
    await run(c.id);
  } finally {
    await db.chargerCommand.deleteMany({ where: { chargerId: c.id } });
    await db.charger.delete({ where: { id: c.id } });
  }
}

const customer = { idToken: { idToken: 'CARD-1', type: 'ISO14443' } } as const;

/** A tenant B card that tenant B's charger has seen: an erasure by tenant A must not reach either. */
async function withCardB(w: World, db: Db, run: (idTokenId: string) => Promise<void>) {
  const card = await db.idToken.create({ data: { tenantId: w.B.id, token: `B-CI-${randomUUID().slice(0, 8)}` } });
  try {
    await run(card.id);
  } finally {
    await db.idToken.delete({ where: { id: card.id } });
  }
}

export const cases: Cases = {
  'customerInformation.list': async (w, db) => {
    await rejects(w.callers.vendorA1.customerInformation.list({ chargerId: w.ca1.id }), ['FORBIDDEN']);
    await rejects(w.callers.adminA.customerInformation.list({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    await with201(w, db, async (id) => {
      // Tenant B's row under tenant A's charger id would still not be tenant A's to read.
      await db.customerInformationRequest.create({
        data: { tenantId: w.B.id, chargerId: id, requestId: 7, report: true, clear: false, data: 'B secret' },
      });
      expect((await w.callers.staffA.customerInformation.list({ chargerId: id })).requests).toEqual([]);
    });
  },
  'customerInformation.request': async (w, db) => {
    const [vendor, staff] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.staffA.id)]);
    const input = (chargerId: string) => ({ chargerId, customer, report: true, clear: true });
    await rejects(vendor.customerInformation.request(input(w.ca1.id)), ['FORBIDDEN']);
    await rejects(staff.customerInformation.request(input(w.cb1.id)), ['NOT_FOUND']);
    expect(await db.chargerCommand.count({ where: { chargerId: w.cb1.id, action: 'CustomerInformation' } })).toBe(0);
    expect(await db.customerInformationRequest.count({ where: { chargerId: w.cb1.id } })).toBe(0);
    await with201(w, db, async (id) => {
      const r = await staff.customerInformation.request(input(id));
      expect(r.command.status).toBe('OFFLINE');
      expect(r.status).toBe('REFUSED');
    });
  },
  'customerInformation.erase': async (w, db) => {
    const vendor = await withBus(w, db, w.vendorA1.id);
    const admin = await withBus(w, db, w.adminA.id);
    await withCardB(w, db, async (idTokenId) => {
      await rejects(vendor.customerInformation.erase({ idTokenId }), ['FORBIDDEN']);
      await rejects(admin.customerInformation.erase({ idTokenId }), ['NOT_FOUND']);
      expect(
        await db.customerDataErasure.count({ where: { tenantId: w.A.id, idToken: { startsWith: 'B-CI-' } } }),
      ).toBe(0);
    });
  },
  'customerInformation.erasures': async (w, db) => {
    await withCardB(w, db, async (idTokenId) => {
      await db.customerDataErasure.create({
        data: { tenantId: w.B.id, idToken: 'B-CI-X', idTokenType: 'Central', chargerCount: 0 },
      });
      await rejects(w.callers.vendorA1.customerInformation.erasures({ idTokenId }), ['FORBIDDEN']);
      await rejects(w.callers.adminA.customerInformation.erasures({ idTokenId }), ['NOT_FOUND']);
      await db.customerDataErasure.deleteMany({ where: { tenantId: w.B.id, idToken: 'B-CI-X' } });
    });
  },
};
