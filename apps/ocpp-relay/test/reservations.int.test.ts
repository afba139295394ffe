import { AppError } from '@magma/core';
import {
  cancelReservation,
  listReservations,
  reserveConnector,
  UNKNOWN_RESERVATION_ACTION,
} from '@magma/core/reservations';
import { tenantScope, type Scope } from '@magma/core/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { aCharger, now, startHarness, waitFor, type Harness } from './support.ts';

// Reservations end to end: the dashboard's use case sends ReserveNow through the relay to a real
// ocpp-rpc charger (the simulator keeps the reservation as a charger does), the charger's answer
// becomes the reservation's status, and what the charger later says (Reserved, a start naming the
// reservation, 2.0.1 ReservationStatusUpdate) moves it on.

const inHours = (h: number, from = Date.now()) => new Date(from + h * 3_600_000);

describe.each([
  ['ocpp1.6', 'OCPP16'],
  ['ocpp2.0.1', 'OCPP201'],
] as const)('reservations on an %s charger', (version, protocol) => {
  let h: Harness;
  let sim: SimulatedCharger;
  let chargerId: string;
  let staff: Scope;

  beforeAll(async () => {
    h = await startHarness();
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
    chargerId = c.id;
    const user = await h.db.user.create({ data: { email: `staff-${version}@acme.test` } });
    staff = tenantScope(h.tenant.id, 'OPERATOR_STAFF', user.id);
    await h.db.idToken.createMany({
      data: [
        { tenantId: h.tenant.id, token: 'RES-CARD', parentToken: 'FLEET-1' },
        { tenantId: h.tenant.id, token: 'WALK-UP' },
      ],
    });
    sim = new SimulatedCharger({ url: h.url, identity: c.identity, protocol: version, meterIntervalMs: 0 });
    await sim.start();
    await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
  });
  afterAll(async () => {
    await sim?.close();
    await h?.stop();
  });

  const reserve = (evseId: number, idTag = 'RES-CARD', expiresAt = inHours(1), at?: Date) =>
    reserveConnector({ db: h.db, bus: h.bus, scope: staff, input: { chargerId, evseId, idTag, expiresAt }, now: at });
  const connectorStatus = (evseId: number, status: string) =>
    waitFor(() => h.db.connector.findFirst({ where: { chargerId, evseId, status: status as 'RESERVED' } }));

  it("reserves a connector: the charger accepts and shows Reserved, and the card's start uses the reservation", async () => {
    const { reservation, command } = await reserve(1);
    expect(command).toMatchObject({ action: 'ReserveNow', status: 'RESPONDED', response: { status: 'Accepted' } });
    expect(reservation).toMatchObject({ status: 'ACTIVE', evseId: 1, idTag: 'RES-CARD', parentIdTag: 'FLEET-1' });
    const sent = sim.received.at(-1)!;
    expect(sent.action).toBe('ReserveNow');
    expect(sent.params).toMatchObject(
      protocol === 'OCPP16'
        ? { connectorId: 1, idTag: 'RES-CARD', parentIdTag: 'FLEET-1', reservationId: reservation.reservationId }
        : {
            id: reservation.reservationId,
            evseId: 1,
            idToken: { idToken: 'RES-CARD', type: 'ISO14443' },
            groupIdToken: { idToken: 'FLEET-1', type: 'Central' },
          },
    );
    const row = await h.db.reservation.findUniqueOrThrow({ where: { id: reservation.id } });
    expect(row).toMatchObject({ createdById: staff.userId, commandId: command.id, heldEvseId: 1 });
    expect(await h.db.auditLog.count({ where: { entityId: reservation.id, action: 'reservation.created' } })).toBe(1);
    await connectorStatus(1, 'RESERVED');

    // One open reservation per connector: refused before anything is sent.
    const sentBefore = sim.received.length;
    const again = await reserve(1, 'WALK-UP').catch((e: unknown) => e);
    expect(AppError.is(again) && again.code).toBe('CONFLICT');
    expect(sim.received.length).toBe(sentBefore);

    // The card (in another case: OCPP ids are case-insensitive) starts on the reserved connector.
    const started = new Promise<{ transactionId: string }>((resolve) => sim.once('transactionStarted', resolve));
    await sim.startTransaction({ evseId: 1, idTag: 'res-card' });
    const { transactionId } = await started;
    const tx = await h.db.transaction.findFirstOrThrow({ where: { chargerId, ocppTransactionId: transactionId } });
    expect(await h.db.reservation.findUniqueOrThrow({ where: { id: reservation.id } })).toMatchObject({
      status: 'USED',
      transactionId: tx.id,
      heldEvseId: null,
    });
    await sim.stopTransaction({ evseId: 1 });
    await connectorStatus(1, 'AVAILABLE');
  });

  it('cancels an accepted reservation: the charger frees the connector; a second cancel is refused', async () => {
    const { reservation } = await reserve(1);
    await connectorStatus(1, 'RESERVED');
    const r = await cancelReservation({ db: h.db, bus: h.bus, scope: staff, input: { reservationId: reservation.id } });
    expect(r.command).toMatchObject({ action: 'CancelReservation', response: { status: 'Accepted' } });
    expect(sim.received.at(-1)).toMatchObject({
      action: 'CancelReservation',
      params: { reservationId: reservation.reservationId },
    });
    expect(r.reservation.status).toBe('CANCELLED');
    await connectorStatus(1, 'AVAILABLE');
    const again = await cancelReservation({
      db: h.db,
      bus: h.bus,
      scope: staff,
      input: { reservationId: reservation.id },
    }).catch((e: unknown) => e);
    expect(AppError.is(again) && again.code).toBe('CONFLICT');
  });

  it("records the charger's refusal: a connector in use answers Occupied, and the connector is not held", async () => {
    await sim.startTransaction({ evseId: 2, idTag: 'WALK-UP' });
    const { reservation, command } = await reserve(2);
    expect(command.response).toEqual({ status: 'Occupied' });
    expect(reservation).toMatchObject({ status: 'OCCUPIED', note: 'The charger answered Occupied' });
    // Refused reservations hold nothing: asking again reaches the charger again.
    expect((await reserve(2)).reservation.status).toBe('OCCUPIED');
    await sim.stopTransaction({ evseId: 2 });
    await connectorStatus(2, 'AVAILABLE');
  });

  it('an accepted reservation whose time passed is EXPIRED and frees its connector for the next one', async () => {
    const first = (await reserve(1)).reservation;
    await connectorStatus(1, 'RESERVED');
    // The charger lets it lapse (a 2.0.1 station says so with ReservationStatusUpdate Expired).
    await sim.reservations.expire(first.reservationId);
    await connectorStatus(1, 'AVAILABLE');
    const later = new Date(first.expiresAt.getTime() + 1000);
    const listed = await listReservations({ db: h.db, scope: staff, input: { chargerId }, now: later });
    expect(listed.find((r) => r.id === first.id)?.status).toBe('EXPIRED');
    if (protocol === 'OCPP201') {
      const row = await waitFor(() => h.db.reservation.findFirst({ where: { id: first.id, status: 'EXPIRED' } }));
      expect(row).toMatchObject({ heldEvseId: null, note: 'Expired on the charger' });
      const kept = await h.db.chargerMessage.findFirstOrThrow({
        where: { chargerId, action: 'ReservationStatusUpdate' },
      });
      expect(kept.payload).toEqual({ reservationId: first.reservationId, reservationUpdateStatus: 'Expired' });
    }
    const next = await reserve(1, 'RES-CARD', inHours(1, later.getTime()), later);
    expect(next.reservation.status).toBe('ACTIVE');
    expect((await h.db.reservation.findUniqueOrThrow({ where: { id: first.id } })).status).toBe('EXPIRED');
    await cancelReservation({ db: h.db, bus: h.bus, scope: staff, input: { reservationId: next.reservation.id } });
  });

  it('a start naming a reservation this charger never had is accepted and kept in its message log', async () => {
    const reservationId = 2_000_000_001;
    if (protocol === 'OCPP16') {
      const r = (await sim.call('StartTransaction', {
        connectorId: 2,
        idTag: 'WALK-UP',
        meterStart: 10,
        timestamp: now(),
        reservationId,
      })) as { idTagInfo: { status: string } };
      expect(r.idTagInfo.status).toBe('Accepted');
    } else {
      const r = (await sim.call('TransactionEvent', {
        eventType: 'Started',
        timestamp: now(),
        triggerReason: 'Authorized',
        seqNo: 0,
        transactionInfo: { transactionId: 'TX-UNKNOWN-RES' },
        idToken: { idToken: 'WALK-UP', type: 'ISO14443' },
        evse: { id: 2, connectorId: 1 },
        reservationId,
      })) as { idTokenInfo: { status: string } };
      expect(r.idTokenInfo.status).toBe('Accepted');
    }
    const kept = await h.db.chargerMessage.findFirstOrThrow({
      where: { chargerId, action: UNKNOWN_RESERVATION_ACTION },
    });
    expect(kept.payload).toMatchObject({
      reservationId,
      via: protocol === 'OCPP16' ? 'StartTransaction' : 'TransactionEvent',
    });
    expect(await h.db.reservation.count({ where: { ocppId: reservationId } })).toBe(0);
  });

  it('an offline charger is refused at once, before anything is recorded', async () => {
    const off = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
    const started = Date.now();
    const error = await reserveConnector({
      db: h.db,
      bus: h.bus,
      scope: staff,
      input: { chargerId: off.id, evseId: 1, idTag: 'RES-CARD', expiresAt: inHours(1) },
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(AppError.is(error) && error.code).toBe('CHARGER_OFFLINE');
    expect(await h.db.reservation.count({ where: { chargerId: off.id } })).toBe(0);
    expect(await h.db.chargerCommand.count({ where: { chargerId: off.id } })).toBe(0);
  });
});
