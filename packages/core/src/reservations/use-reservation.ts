import type { Db } from '@magma/db';
import type { ChargerRef } from '../charging/types.ts';
import { emitReservationEvents } from './reservation-events.ts';

// The charger's side of a reservation's end: a transaction that used it (1.6 StartTransaction,
// 2.0.1 TransactionEvent reservationId) and 2.0.1 ReservationStatusUpdate. The charger decides
// whether a card may use a reservation; the CSMS records what it was told. A reservationId this
// charger was never given (or one that already ended otherwise) is kept in the charger's message
// log for the operator to see, never refused: the transaction itself is good.

/** The action under which an unknown or unusable reservationId is kept in ChargerMessage. */
export const UNKNOWN_RESERVATION_ACTION = 'UnknownReservation';

/** Ours are 32-bit integers from one sequence; a charger may send any integer (the schemas set no bound). */
const isOurs = (reservationId: number) =>
  Number.isInteger(reservationId) && reservationId > 0 && reservationId <= 2 ** 31 - 1;

export async function useReservation({
  db,
  charger,
  reservationId,
  transactionId,
  via,
  at,
}: {
  db: Db;
  charger: ChargerRef;
  /** The integer the charger sent. */
  reservationId: number;
  /** The Transaction row that used it. */
  transactionId: string;
  via: 'StartTransaction' | 'TransactionEvent';
  at: Date;
}): Promise<{ known: boolean }> {
  const keptAsUnknown = async () => {
    await db.chargerMessage.create({
      data: { ...charger, action: UNKNOWN_RESERVATION_ACTION, payload: { via, reservationId, transactionId } },
    });
    return { known: false };
  };
  if (!isOurs(reservationId)) return keptAsUnknown();
  // Open, or lazily expired by our clock while the charger's still held it (the charger's word
  // wins); a retried start finds it already used by the same transaction.
  const used = await db.$transaction(async (tx) => {
    const rows = await tx.reservation.updateManyAndReturn({
      where: {
        chargerId: charger.chargerId,
        ocppId: reservationId,
        OR: [
          { status: { in: ['PENDING', 'ACTIVE', 'EXPIRED'] }, transactionId: null },
          { status: 'USED', transactionId },
        ],
      },
      data: { status: 'USED', transactionId, heldEvseId: null, endedAt: at },
    });
    await emitReservationEvents(tx, 'reservation.used', rows, at);
    return { count: rows.length };
  });
  if (used.count > 0) return { known: true };
  return keptAsUnknown();
}

/** 2.0.1 ReservationStatusUpdate: the station ended a reservation on its own (H04). */
export async function endReservationByCharger({
  db,
  charger,
  reservationId,
  update,
  at,
}: {
  db: Db;
  charger: ChargerRef;
  reservationId: number;
  update: 'Expired' | 'Removed';
  at: Date;
}): Promise<{ known: boolean }> {
  if (!isOurs(reservationId)) return { known: false };
  const ended = await db.$transaction(async (tx) => {
    const rows = await tx.reservation.updateManyAndReturn({
      where: { chargerId: charger.chargerId, ocppId: reservationId, status: { in: ['PENDING', 'ACTIVE'] } },
      data:
        update === 'Expired'
          ? { status: 'EXPIRED', heldEvseId: null, endedAt: at, note: 'Expired on the charger' }
          : { status: 'CANCELLED', heldEvseId: null, endedAt: at, note: 'Removed by the charger' },
    });
    await emitReservationEvents(tx, update === 'Expired' ? 'reservation.expired' : 'reservation.cancelled', rows, at);
    return rows.length;
  });
  return { known: ended > 0 };
}
