import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { callerFor, hostOf, testServices } from '../../builders.ts';
import { idleBus, rejects, type Cases, type World } from '../world.ts';

/** An accepted reservation on charger `c` (as if its charger had answered ReserveNow). */
async function aReservation(db: Db, c: { id: string; tenantId: string }, idTag: string) {
  return db.reservation.create({
    data: {
      tenantId: c.tenantId,
      chargerId: c.id,
      evseId: 1,
      idTag,
      expiresAt: new Date(Date.now() + 3_600_000),
      status: 'ACTIVE',
    },
  });
}

const withBus = (w: World, db: Db, userId: string) =>
  callerFor(db, { host: hostOf(w.A), userId, services: { ...testServices(), bus: idleBus } });

export const cases: Cases = {
  'reservations.list': async (w, db) => {
    const [ra1, ra2, rb1] = await Promise.all([
      aReservation(db, w.ca1, 'A1-CARD'),
      aReservation(db, w.ca2, 'A2-CARD'),
      aReservation(db, w.cb1, 'B1-CARD'),
    ]);
    const admin = (await w.callers.adminA.reservations.list({})).map((r) => r.id);
    expect(admin).toEqual(expect.arrayContaining([ra1.id, ra2.id]));
    expect(admin).not.toContain(rb1.id);
    expect(await w.callers.adminA.reservations.list({ chargerId: w.cb1.id })).toEqual([]);
    // A vendor user sees that its own connector is held, not for which of the operator's cards.
    const own = await w.callers.vendorA1.reservations.list({});
    expect(own.map((r) => r.id)).toEqual([ra1.id]);
    expect(JSON.stringify(own)).not.toContain('A1-CARD');
    expect(await w.callers.vendorA1.reservations.list({ chargerId: w.ca2.id })).toEqual([]);
  },
  'reservations.page': async (w, db) => {
    const [ra1, ra2, rb1] = await Promise.all([
      aReservation(db, w.ca1, 'A1-PAGE'),
      aReservation(db, w.ca2, 'A2-PAGE'),
      aReservation(db, w.cb1, 'B1-PAGE'),
    ]);
    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await w.callers.adminA.reservations.page({ limit: 1, cursor });
      walked.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(walked).toEqual(expect.arrayContaining([ra1.id, ra2.id]));
    expect(walked).not.toContain(rb1.id);
    const own = (await w.callers.vendorA1.reservations.page()).items;
    expect(own.map((r) => r.chargerId)).not.toContain(w.ca2.id);
    expect(own.map((r) => r.id)).toContain(ra1.id);
    expect(JSON.stringify(own)).not.toContain('A1-PAGE');
  },
  'reservations.reserve': async (w, db) => {
    await db.idToken.create({ data: { tenantId: w.A.id, token: 'A-RES-CARD' } });
    await db.idToken.create({ data: { tenantId: w.B.id, token: 'B-RES-CARD' } });
    const until = new Date(Date.now() + 3_600_000);
    const [vendor, admin] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.adminA.id)]);
    const before = await db.reservation.count();
    await rejects(
      vendor.reservations.reserve({ chargerId: w.ca1.id, evseId: 1, idTag: 'A-RES-CARD', expiresAt: until }),
      ['FORBIDDEN'],
    );
    await rejects(
      admin.reservations.reserve({ chargerId: w.cb1.id, evseId: 0, idTag: 'A-RES-CARD', expiresAt: until }),
      ['NOT_FOUND'],
    );
    // Tenant B's card is no card of tenant A's.
    await rejects(
      admin.reservations.reserve({ chargerId: w.ca1.id, evseId: 0, idTag: 'B-RES-CARD', expiresAt: until }),
      ['NOT_FOUND'],
    );
    // Its own tenant's charger and card: refused only because the charger is offline.
    await rejects(
      admin.reservations.reserve({ chargerId: w.ca1.id, evseId: 0, idTag: 'A-RES-CARD', expiresAt: until }),
      ['PRECONDITION_FAILED'],
    );
    expect(await db.reservation.count()).toBe(before);
  },
  'reservations.cancel': async (w, db) => {
    const [ra1, rb1] = await Promise.all([aReservation(db, w.ca2, 'A2-CANCEL'), aReservation(db, w.cb1, 'B1-CANCEL')]);
    const [vendor, staff] = await Promise.all([withBus(w, db, w.vendorA1.id), withBus(w, db, w.staffA.id)]);
    await rejects(vendor.reservations.cancel({ reservationId: ra1.id }), ['FORBIDDEN']);
    await rejects(staff.reservations.cancel({ reservationId: rb1.id }), ['NOT_FOUND']);
    // Its own tenant's: refused only because the charger is offline; nothing changed either way.
    await rejects(staff.reservations.cancel({ reservationId: ra1.id }), ['PRECONDITION_FAILED']);
    const rows = await db.reservation.findMany({ where: { id: { in: [ra1.id, rb1.id] } } });
    expect(rows.every((r) => r.status === 'ACTIVE')).toBe(true);
    expect(await db.auditLog.count({ where: { entityId: { in: [ra1.id, rb1.id] } } })).toBe(0);
  },
};
