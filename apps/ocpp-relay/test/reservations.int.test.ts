import { AppError } from '@magma/core';
import {
  cancelReservation,
  listReservations,
  reserveConnector,
  UNKNOWN_RESERVATION_ACTION,
} from '@magma/core/reservations';
import { commandFor } from '@magma/core/commands';
import { tenantScope, type Scope } from '@magma/core/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { aCharger, lastCommand, connect, now, startHarness, waitFor, type Harness } from './support.ts';

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
    const sent = lastCommand(sim)!;
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
    expect(lastCommand(sim)).toMatchObject({
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

// A ReserveNow that got no answer (a timeout, the charger dropping mid-call) may still be held by
// the charger: the relay cancels it there, bounded; and a reservation whose request died mid-send
// (left PENDING) is settled by the relay's sweep instead of blocking its connector until its end.
describe.each([
  ['ocpp1.6', 'OCPP16'],
  ['ocpp2.0.1', 'OCPP201'],
] as const)('reservations without an answer on an %s charger', (version, protocol) => {
  let h: Harness;
  let staff: Scope;
  const boot =
    protocol === 'OCPP16'
      ? { chargePointVendor: 'Acme', chargePointModel: 'Raw' }
      : { reason: 'PowerUp', chargingStation: { vendorName: 'Acme', model: 'Raw' } };

  beforeAll(async () => {
    h = await startHarness({
      reservationSweepMs: 100,
      reservationPendingStaleMs: 1000,
      // Long enough that a loaded machine never turns an answered cancel into a timeout and a second attempt.
      followUpTimeoutMs: 2000,
      followUpRetryMs: 100,
    });
    const user = await h.db.user.create({ data: { email: `staff-raw-${version}@acme.test` } });
    staff = tenantScope(h.tenant.id, 'OPERATOR_STAFF', user.id);
    await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: 'RES-CARD' } });
  });
  afterAll(() => h?.stop());

  /** A charger on a raw ocpp-rpc client: it answers CancelReservation as told and keeps what it got. */
  async function aRawCharger(identity: string, cancelReply: 'Accepted' | 'silent' = 'Accepted') {
    const client = await connect(h.url, identity, version);
    const cancels: unknown[] = [];
    client.handle('CancelReservation', ({ params }) => {
      cancels.push(params);
      return cancelReply === 'silent' ? new Promise(() => {}) : Promise.resolve({ status: 'Accepted' });
    });
    await client.call('BootNotification', boot);
    return { client, cancels };
  }
  const reserve = (chargerId: string) =>
    reserveConnector({
      db: h.db,
      bus: h.bus,
      scope: staff,
      input: { chargerId, evseId: 1, idTag: 'RES-CARD', expiresAt: inHours(1) },
      timeoutMs: 300,
    });
  const online = (id: string) => waitFor(() => h.db.charger.findFirst({ where: { id, online: true } }));
  const cancelCommands = (chargerId: string) =>
    h.db.chargerCommand.findMany({
      where: { chargerId, action: 'CancelReservation' },
      orderBy: { requestedAt: 'asc' },
    });

  it('a ReserveNow that timed out is cancelled on the charger, recorded as a command and on the reservation', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
    const { client, cancels } = await aRawCharger(c.identity);
    client.handle('ReserveNow', () => new Promise(() => {}));
    await online(c.id);
    const { reservation, command } = await reserve(c.id);
    expect(command.status).toBe('TIMEOUT');
    expect(reservation.status).toBe('FAILED');
    const row = await waitFor(() =>
      h.db.reservation.findFirst({ where: { id: reservation.id, note: { contains: 'Follow-up' } } }),
    );
    expect(row).toMatchObject({ status: 'FAILED', cancelDueAt: null, cancelAttempts: 1, heldEvseId: null });
    expect(row.note).toMatch(/did not answer.*\| Follow-up CancelReservation: the charger answered Accepted$/);
    expect(cancels).toEqual([{ reservationId: reservation.reservationId }]);
    expect(await cancelCommands(c.id)).toMatchObject([
      { status: 'RESPONDED', source: 'reservation', payload: { reservationId: reservation.reservationId } },
    ]);
    await client.close({ force: true });
  });

  it('a charger that dropped mid-call gets the cancel once it is back', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
    const first = await aRawCharger(c.identity);
    first.client.handle('ReserveNow', () => {
      void first.client.close({ code: 1001, reason: 'power cut' });
      return new Promise(() => {});
    });
    await online(c.id);
    const { reservation, command } = await reserve(c.id);
    expect(command.status).toBe('OFFLINE');
    expect(reservation.status).toBe('FAILED');
    await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: false } }));
    // Nothing is sent while it is away.
    await new Promise((r) => setTimeout(r, 300));
    expect(await cancelCommands(c.id)).toHaveLength(0);

    const again = await aRawCharger(c.identity);
    await waitFor(async () => again.cancels.length > 0);
    expect(again.cancels).toEqual([{ reservationId: reservation.reservationId }]);
    const row = await waitFor(() =>
      h.db.reservation.findFirst({ where: { id: reservation.id, cancelDueAt: null, note: { contains: 'Accepted' } } }),
    );
    expect(row.cancelAttempts).toBe(1);
    // No second cancel once the first was answered (a retry never starts while an attempt is in flight).
    await new Promise((r) => setTimeout(r, 500));
    expect(await cancelCommands(c.id)).toMatchObject([{ status: 'RESPONDED', response: { status: 'Accepted' } }]);
    await again.client.close({ force: true });
  });

  it('a charger that never answers the cancel is asked three times, then left alone', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
    const { client, cancels } = await aRawCharger(c.identity, 'silent');
    client.handle('ReserveNow', () => new Promise(() => {}));
    await online(c.id);
    const { reservation } = await reserve(c.id);
    const row = await waitFor(
      () => h.db.reservation.findFirst({ where: { id: reservation.id, cancelAttempts: 3, cancelDueAt: null } }),
      20_000,
    );
    expect(row.note).toMatch(/\| Follow-up CancelReservation: no answer after 3 of 3 attempts/);
    await new Promise((r) => setTimeout(r, 800));
    expect(cancels).toHaveLength(3);
    expect(await cancelCommands(c.id)).toHaveLength(3);
    await client.close({ force: true });
  });

  // A reservation left PENDING by a request that died, with what its ReserveNow command says.
  it.each([
    [
      'the relay recorded Accepted',
      { status: 'RESPONDED', response: { status: 'Accepted' }, sent: true },
      'ACTIVE',
      false,
    ],
    [
      'the relay recorded a timeout',
      { status: 'TIMEOUT', error: 'The charger did not answer', sent: true },
      'FAILED',
      true,
    ],
    ['no relay took the command', { status: 'PENDING', sent: false }, 'FAILED', false],
    ['no command was recorded', null, 'FAILED', false],
  ] as const)('a reservation left PENDING is settled by the sweep when %s', async (_, cmd, status, followUp) => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
    const { client, cancels } = await aRawCharger(c.identity);
    await online(c.id);
    const longAgo = new Date(Date.now() - 5000);
    const stuck = await h.db.reservation.create({
      data: {
        tenantId: h.tenant.id,
        chargerId: c.id,
        evseId: 1,
        heldEvseId: 1,
        idTag: 'RES-CARD',
        expiresAt: inHours(1),
        createdAt: longAgo,
      },
    });
    let commandId: string | null = null;
    if (cmd) {
      const call = commandFor({
        protocol,
        kind: 'reserveNow',
        reservationId: stuck.ocppId,
        evseId: 1,
        idTag: 'RES-CARD',
        expiresAt: stuck.expiresAt,
      });
      const row = await h.db.chargerCommand.create({
        data: {
          tenantId: h.tenant.id,
          chargerId: c.id,
          action: call.action,
          payload: call.payload as object,
          source: 'reservation',
          status: cmd.status,
          requestedAt: longAgo,
          sentAt: cmd.sent ? longAgo : null,
          ...('response' in cmd ? { response: cmd.response } : {}),
          ...('error' in cmd ? { error: cmd.error } : {}),
        },
      });
      commandId = row.id;
    }
    const settled = await waitFor(() => h.db.reservation.findFirst({ where: { id: stuck.id, status } }), 10_000);
    expect(settled.commandId).toBe(commandId);
    // A settled failure no longer blocks the connector.
    expect(settled.heldEvseId).toBe(status === 'ACTIVE' ? 1 : null);
    if (cmd?.status === 'PENDING')
      // Closed, so a relay can no longer send it late.
      expect(await h.db.chargerCommand.findUniqueOrThrow({ where: { id: commandId! } })).toMatchObject({
        status: 'TIMEOUT',
        error: 'Not sent: the request stopped before the relay took it',
      });
    if (followUp) await waitFor(async () => cancels.length === 1, 10_000);
    else {
      await new Promise((r) => setTimeout(r, 300));
      expect(cancels).toHaveLength(0);
    }
    await client.close({ force: true });
  });
});
