import type { Db, ReservationModel, ReservationStatus } from '@magma/db';
import { isVendorScope, type Scope } from '../tenancy/scope.ts';
import { emitReservationEvents } from './reservation-events.ts';

// What a reservation looks like to the dashboard, and the rules every reservation use case shares.

/** Open: the reservation still holds its connector (or will, once the charger answers). */
export const OPEN_STATUSES = ['PENDING', 'ACTIVE'] as const satisfies readonly ReservationStatus[];

/** The longest a reservation may last: a connector held for a day is already a lot of lost revenue. */
export const MAX_RESERVATION_MS = 24 * 3_600_000;

/**
 * The status as of `now`: an open reservation whose time passed is EXPIRED, whether or not the
 * charger said so (1.6 chargers never do). Rows are moved to EXPIRED lazily (expireReservations).
 */
export function effectiveStatus(r: Pick<ReservationModel, 'status' | 'expiresAt'>, now: Date): ReservationStatus {
  if ((r.status === 'ACTIVE' || r.status === 'PENDING') && r.expiresAt <= now) return 'EXPIRED';
  return r.status;
}

export type ReservationView = {
  id: string;
  reservationId: number;
  chargerId: string;
  evseId: number;
  /** The card; null for a vendor user, who sees that the connector is held but not for whom. */
  idTag: string | null;
  parentIdTag: string | null;
  expiresAt: Date;
  status: ReservationStatus;
  note: string | null;
  transactionId: string | null;
  createdAt: Date;
  endedAt: Date | null;
};

export function reservationView(r: ReservationModel, scope: Scope, now = new Date()): ReservationView {
  const vendor = isVendorScope(scope);
  return {
    id: r.id,
    reservationId: r.ocppId,
    chargerId: r.chargerId,
    evseId: r.evseId,
    idTag: vendor ? null : r.idTag,
    parentIdTag: vendor ? null : r.parentIdTag,
    expiresAt: r.expiresAt,
    status: effectiveStatus(r, now),
    note: r.note,
    transactionId: r.transactionId,
    createdAt: r.createdAt,
    endedAt: r.endedAt,
  };
}

/**
 * Closes the open reservations of a charger whose time passed, so they free their connector.
 * Unscoped on purpose: the caller has found the charger through its scope (or is the relay).
 */
export async function expireReservations(db: Db, chargerId: string, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const rows = await tx.reservation.updateManyAndReturn({
      where: { chargerId, status: { in: [...OPEN_STATUSES] }, expiresAt: { lte: now } },
      data: { status: 'EXPIRED', heldEvseId: null, endedAt: now },
    });
    await emitReservationEvents(tx, 'reservation.expired', rows, now);
  });
}
