import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import type { Bus } from '../bus/types.ts';
import { AppError } from '../errors/app-error.ts';
import { demoFleet, hours, minutes, type DemoFleet } from '../fleet/test-builders.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { cancelReservation } from './cancel-reservation.ts';
import { listReservations } from './list-reservations.ts';
import { reserveConnector } from './reserve-connector.ts';
import { endReservationByCharger, useReservation, UNKNOWN_RESERVATION_ACTION } from './use-reservation.ts';

// The reservation use cases against a real database, without a relay: everything that is decided
// before ReserveNow leaves (who may, which card, which time, which connector) and what the charger's
// own messages do to a reservation. The round trips with a charger are in the relay's tests.

/** No relay behind it: a test that got as far as sending would hang, so none may. */
const noBus: Bus = {
  publish: () => Promise.reject(new Error('nothing may be sent')),
  subscribe: async () => async () => {},
  close: async () => {},
};

let t: TestDatabase;
let fleet: DemoFleet;
let sunrise: DemoFleet['chargers'][number];
let highway: DemoFleet['chargers'][number];
let otherTenantCharger: string;
let seq = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await demoFleet(t.db);
  sunrise = fleet.chargers.find((c) => c.vendorId === fleet.sunrise.vendorId)!;
  highway = fleet.chargers.find((c) => c.vendorId === fleet.highway.vendorId)!;
  await t.db.charger.updateMany({ where: { tenantId: fleet.tenantId }, data: { online: false } });
  await t.db.idToken.createMany({
    data: [
      { tenantId: fleet.tenantId, token: 'PIN-HOLDER-1', type: 'PIN' },
      { tenantId: fleet.tenantId, token: 'LAPSED-CARD', expiresAt: new Date(Date.now() - minutes(1)) },
      { tenantId: fleet.tenantId, token: 'C'.repeat(24) },
    ],
  });
  const other = await t.db.tenant.create({ data: { slug: 'other-res', name: 'Other' } });
  otherTenantCharger = (await t.db.charger.create({ data: { tenantId: other.id, identity: 'OTHER-RES-1' } })).id;
});
afterAll(async () => t?.drop());

/** An open reservation row as if the charger had accepted it. */
async function anOpenReservation(chargerId: string, evseId: number, expiresAt = new Date(Date.now() + hours(1))) {
  return t.db.reservation.create({
    data: {
      tenantId: fleet.tenantId,
      chargerId,
      evseId,
      heldEvseId: evseId,
      idTag: 'DEMO-RFID-0001',
      expiresAt,
      status: 'ACTIVE',
    },
  });
}

const code = (e: unknown) => (AppError.is(e) ? e.code : e);

describe('reserveConnector refuses before anything is recorded', () => {
  const base = () => ({
    chargerId: sunrise.id,
    evseId: 1,
    idTag: 'DEMO-RFID-0001',
    expiresAt: new Date(Date.now() + hours(2)),
  });
  it.each([
    ['an end in the past', () => ({ expiresAt: new Date(Date.now() - minutes(5)) }), 'BAD_INPUT'],
    ['more than 24 hours', () => ({ expiresAt: new Date(Date.now() + hours(25)) }), 'BAD_INPUT'],
    ['an unknown card', () => ({ idTag: 'NO-SUCH-CARD' }), 'NOT_FOUND'],
    ['a blocked card', () => ({ idTag: 'DEMO-BLOCKED-01' }), 'BAD_INPUT'],
    ['an expired card', () => ({ idTag: 'LAPSED-CARD' }), 'BAD_INPUT'],
    ["a driver PIN holder's id", () => ({ idTag: 'PIN-HOLDER-1' }), 'BAD_INPUT'],
    ['a connector the charger does not have', () => ({ evseId: 9 }), 'BAD_INPUT'],
    ["another tenant's charger", () => ({ chargerId: otherTenantCharger }), 'NOT_FOUND'],
    ['an offline charger', () => ({}), 'CHARGER_OFFLINE'],
  ] as const)('%s', async (_name, change, expected) => {
    const error = await reserveConnector({
      db: t.db,
      bus: noBus,
      scope: fleet.operator,
      input: { ...base(), ...change() },
    }).catch((e: unknown) => e);
    expect(code(error)).toBe(expected);
    expect(await t.db.reservation.count()).toBe(0);
    expect(await t.db.chargerCommand.count()).toBe(0);
  });

  it('a vendor user, even on its own charger (reservations run the operator fleet)', async () => {
    const error = await reserveConnector({
      db: t.db,
      bus: noBus,
      scope: fleet.sunrise,
      input: base(),
    }).catch((e: unknown) => e);
    expect(code(error)).toBe('FORBIDDEN');
  });

  it('a card id longer than a 1.6 idTag on a 1.6 charger', async () => {
    const error = await reserveConnector({
      db: t.db,
      bus: noBus,
      scope: fleet.operator,
      input: { ...base(), idTag: 'C'.repeat(24) },
    }).catch((e: unknown) => e);
    const protocol = (await t.db.charger.findUniqueOrThrow({ where: { id: sunrise.id } })).protocol;
    expect(code(error)).toBe(protocol === 'OCPP16' ? 'BAD_INPUT' : 'CHARGER_OFFLINE');
  });
});

describe('listReservations', () => {
  it('reads a lapsed reservation as EXPIRED, leaves it out of the active ones, and hides the card from vendors', async () => {
    const open = await anOpenReservation(sunrise.id, 1);
    const lapsed = await anOpenReservation(sunrise.id, 2, new Date(Date.now() - minutes(1)));
    const elsewhere = await anOpenReservation(highway.id, 1);
    const all = await listReservations({ db: t.db, scope: fleet.operator, input: { chargerId: sunrise.id } });
    expect(Object.fromEntries(all.map((r) => [r.id, r.status]))).toEqual({
      [open.id]: 'ACTIVE',
      [lapsed.id]: 'EXPIRED',
    });
    expect(all.find((r) => r.id === open.id)?.idTag).toBe('DEMO-RFID-0001');
    const active = await listReservations({ db: t.db, scope: fleet.operator, input: { active: true } });
    expect(active.map((r) => r.id).sort()).toEqual([open.id, elsewhere.id].sort());

    const vendor = await listReservations({ db: t.db, scope: fleet.sunrise, input: {} });
    expect(vendor.map((r) => r.id).sort()).toEqual([open.id, lapsed.id].sort());
    expect(vendor.every((r) => r.idTag === null && r.parentIdTag === null)).toBe(true);
    await t.db.reservation.deleteMany();
  });
});

describe('cancelReservation', () => {
  it.each([
    ['waits for the answer to ReserveNow', { status: 'PENDING' as const }, 'CONFLICT'],
    ['refuses one that ended', { status: 'USED' as const, heldEvseId: null }, 'CONFLICT'],
    ['refuses one whose time passed', { expiresAt: new Date(Date.now() - 1000) }, 'CONFLICT'],
    ['fails fast on an offline charger', {}, 'CHARGER_OFFLINE'],
  ])('%s', async (_name, change, expected) => {
    const r = await anOpenReservation(sunrise.id, 1);
    await t.db.reservation.update({ where: { id: r.id }, data: change });
    const error = await cancelReservation({
      db: t.db,
      bus: noBus,
      scope: fleet.operator,
      input: { reservationId: r.id },
    }).catch((e: unknown) => e);
    expect(code(error)).toBe(expected);
    expect(await t.db.chargerCommand.count()).toBe(0);
    await t.db.reservation.deleteMany();
  });

  it("cannot reach another vendor's or tenant's reservation, and vendors cannot cancel at all", async () => {
    const r = await anOpenReservation(sunrise.id, 1);
    const asOther = tenantScope((await t.db.tenant.findFirstOrThrow({ where: { slug: 'other-res' } })).id);
    for (const [scope, expected] of [
      [fleet.sunrise, 'FORBIDDEN'],
      [fleet.highway, 'FORBIDDEN'],
      [asOther, 'NOT_FOUND'],
    ] as const) {
      const error = await cancelReservation({ db: t.db, bus: noBus, scope, input: { reservationId: r.id } }).catch(
        (e: unknown) => e,
      );
      expect(code(error)).toBe(expected);
    }
    expect((await t.db.reservation.findUniqueOrThrow({ where: { id: r.id } })).status).toBe('ACTIVE');
    await t.db.reservation.deleteMany();
  });
});

describe("the charger's messages", () => {
  const charger = () => ({ tenantId: fleet.tenantId, chargerId: sunrise.id });
  const aTransaction = () =>
    t.db.transaction.create({
      data: {
        tenantId: fleet.tenantId,
        chargerId: sunrise.id,
        evseId: 1,
        ocppTransactionId: `RES-T-${++seq}`,
        startedAt: new Date(),
      },
    });

  it('a start uses an open reservation once; a retry of the same start finds it used, another start does not', async () => {
    const r = await anOpenReservation(sunrise.id, 1);
    const [tx, other] = [await aTransaction(), await aTransaction()];
    const use = (transactionId: string) =>
      useReservation({
        db: t.db,
        charger: charger(),
        reservationId: r.ocppId,
        transactionId,
        via: 'StartTransaction',
        at: new Date(),
      });
    expect(await use(tx.id)).toEqual({ known: true });
    expect(await use(tx.id)).toEqual({ known: true });
    expect(await t.db.reservation.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({
      status: 'USED',
      transactionId: tx.id,
      heldEvseId: null,
    });
    expect(await use(other.id)).toEqual({ known: false });
    const kept = await t.db.chargerMessage.findFirstOrThrow({ where: { action: UNKNOWN_RESERVATION_ACTION } });
    expect(kept.payload).toEqual({ via: 'StartTransaction', reservationId: r.ocppId, transactionId: other.id });
    // Another charger's reservation id is unknown here, whatever its number.
    const foreign = await anOpenReservation(highway.id, 1);
    expect(
      await useReservation({
        db: t.db,
        charger: charger(),
        reservationId: foreign.ocppId,
        transactionId: other.id,
        via: 'TransactionEvent',
        at: new Date(),
      }),
    ).toEqual({ known: false });
    expect((await t.db.reservation.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe('ACTIVE');
    await t.db.reservation.deleteMany();
  });

  it.each([
    ['Expired', 'EXPIRED'],
    ['Removed', 'CANCELLED'],
  ] as const)(
    'ReservationStatusUpdate %s ends an open reservation as %s and frees its connector',
    async (update, status) => {
      const r = await anOpenReservation(sunrise.id, 1);
      const end = () =>
        endReservationByCharger({ db: t.db, charger: charger(), reservationId: r.ocppId, update, at: new Date() });
      expect(await end()).toEqual({ known: true });
      expect(await t.db.reservation.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({
        status,
        heldEvseId: null,
      });
      expect(await end()).toEqual({ known: false });
      // The connector is free for the next reservation.
      await expect(anOpenReservation(sunrise.id, 1)).resolves.toBeTruthy();
      await t.db.reservation.deleteMany();
    },
  );
});
