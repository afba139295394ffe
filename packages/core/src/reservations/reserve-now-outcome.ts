import type { ChargerCommandModel, Db, ReservationStatus } from '@magma/db';
import { emitReservationEvents } from './reservation-events.ts';

// What a ReserveNow command's final row means for its reservation. Shared by the request that sent
// it (reserve-connector.ts) and by the relay's sweep that settles reservations whose request died
// mid-send (resolve-stale-reservations.ts).

/** A ReserveNow reply status (both versions share the enum) as the reservation's status. */
const REPLY_STATUS: Record<string, ReservationStatus> = {
  Accepted: 'ACTIVE',
  Faulted: 'FAULTED',
  Occupied: 'OCCUPIED',
  Rejected: 'REJECTED',
  Unavailable: 'UNAVAILABLE',
};

type CommandOutcome = Pick<ChargerCommandModel, 'id' | 'status' | 'response' | 'error' | 'sentAt'>;

/**
 * Whether the charger may hold a reservation it never confirmed: the relay took ReserveNow to the
 * charger's socket (sentAt) and no answer came back (a timeout, the socket dropped mid-call, or a
 * relay that died while waiting). A command that never left (no sentAt) or a CALLERROR holds nothing.
 */
export function mayBeHeldByCharger(command: Pick<ChargerCommandModel, 'status' | 'sentAt'>): boolean {
  return command.sentAt !== null && ['SENT', 'TIMEOUT', 'OFFLINE'].includes(command.status);
}

/**
 * Moves a PENDING reservation to what its ReserveNow command says; a FAILED one the charger may
 * hold gets a follow-up CancelReservation due now (follow-up-cancel.ts). Only a PENDING row moves:
 * a transaction may already have used the reservation meanwhile.
 */
export async function applyReserveNowOutcome({
  db,
  reservationId,
  command,
  note,
  now = new Date(),
}: {
  db: Db;
  reservationId: string;
  command: CommandOutcome;
  /** Replaces the note a failure would get (the command's error). */
  note?: string;
  now?: Date;
}): Promise<boolean> {
  const reply = (command.response as { status?: unknown } | null)?.status;
  const status: ReservationStatus =
    command.status === 'RESPONDED' ? (REPLY_STATUS[String(reply)] ?? 'REJECTED') : 'FAILED';
  const open = status === 'ACTIVE';
  const moved = await db.$transaction(async (tx) => {
    const rows = await tx.reservation.updateManyAndReturn({
      where: { id: reservationId, status: 'PENDING' },
      data: {
        status,
        commandId: command.id,
        ...(open
          ? {}
          : {
              heldEvseId: null,
              endedAt: now,
              note: note ?? (command.status === 'RESPONDED' ? `The charger answered ${String(reply)}` : command.error),
              ...(status === 'FAILED' && mayBeHeldByCharger(command) ? { cancelDueAt: now } : {}),
            }),
      },
    });
    if (open) await emitReservationEvents(tx, 'reservation.created', rows, now);
    return { count: rows.length };
  });
  return moved.count > 0;
}
