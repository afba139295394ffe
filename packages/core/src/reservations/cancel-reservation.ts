import { z } from 'zod';
import type { ChargerCommandModel, Db } from '@magma/db';
import type { Bus } from '../bus/types.ts';
import { commandFor } from '../commands/command-for.ts';
import { sendChargerCommand } from '../commands/send-charger-command.ts';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { emitReservationEvents } from './reservation-events.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';
import { effectiveStatus, expireReservations, reservationView } from './reservation-view.ts';
import type { ReservationCommandResult } from './reserve-connector.ts';

// Cancel an accepted reservation (OCPP 1.6 CancelReservation, 2.0.1 H02), operator staff and admins
// only (see reserve-connector.ts). It is CANCELLED when the charger answers Accepted. A charger
// that answers Rejected holds no such reservation (it expired or was used there); the row is left
// as it was and the answer shown, so what the charger said is never overwritten by a guess.

export const cancelReservationInput = z.object({ reservationId: z.uuid() });

export async function cancelReservation({
  db,
  bus,
  scope,
  input,
  timeoutMs,
  now = new Date(),
}: {
  db: Db;
  bus: Bus;
  scope: Scope;
  input: z.input<typeof cancelReservationInput>;
  timeoutMs?: number;
  now?: Date;
}): Promise<ReservationCommandResult> {
  assertOperator(scope);
  const { reservationId } = cancelReservationInput.parse(input);
  const sdb = scopedDb(db, scope);
  const found = await sdb.reservation.findFirst({
    where: { id: reservationId },
    include: { charger: { select: { identity: true, protocol: true, online: true } } },
  });
  if (!found) throw new AppError('NOT_FOUND', 'No such reservation');
  const { charger, ...reservation } = found;
  const status = effectiveStatus(reservation, now);
  if (status === 'EXPIRED' && reservation.status !== 'EXPIRED')
    await expireReservations(db, reservation.chargerId, now);
  if (status === 'PENDING') throw new AppError('CONFLICT', 'The charger has not answered the reservation yet');
  if (status !== 'ACTIVE') throw new AppError('CONFLICT', `The reservation already ended (${status.toLowerCase()})`);
  if (!charger.online) throw new AppError('CHARGER_OFFLINE', `Charger ${charger.identity} is offline`);

  await recordAudit(db, scope, {
    action: 'reservation.cancel_sent',
    entityType: 'Reservation',
    entityId: reservation.id,
    after: { chargerId: reservation.chargerId, reservationId: reservation.ocppId },
  });
  const call = commandFor({ protocol: charger.protocol, kind: 'cancelReservation', reservationId: reservation.ocppId });
  const command: ChargerCommandModel = await sendChargerCommand({
    db,
    bus,
    tenantId: scope.tenantId,
    chargerId: reservation.chargerId,
    action: call.action,
    payload: call.payload,
    requestedById: scope.userId,
    source: 'reservation',
    timeoutMs,
  });
  const reply = (command.response as { status?: unknown } | null)?.status;
  if (command.status === 'RESPONDED' && reply === 'Accepted') {
    const at = new Date();
    await db.$transaction(async (tx) => {
      const rows = await tx.reservation.updateManyAndReturn({
        where: { id: reservation.id, status: 'ACTIVE' },
        data: { status: 'CANCELLED', heldEvseId: null, endedAt: at, note: 'Cancelled by the operator' },
      });
      await emitReservationEvents(tx, 'reservation.cancelled', rows, at);
    });
  }
  const row = await db.reservation.findUniqueOrThrow({ where: { id: reservation.id } });
  return {
    reservation: reservationView(row, scope),
    command: {
      id: command.id,
      action: command.action,
      status: command.status,
      response: command.response,
      error: command.error,
    },
  };
}
