import type { ChargerCommandModel, Db } from '@magma/db';
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, RELAY_GRACE_MS } from '../commands/send-charger-command.ts';
import { applyReserveNowOutcome } from './reserve-now-outcome.ts';

// A reservation stays PENDING while its request waits for the charger's answer to ReserveNow. If
// that request dies (a crash, a deploy) the row would hold its connector until its end. The relay's
// sweep settles such rows once they are older than any request still waiting would be: from the
// ReserveNow command's final row when there is one, or as FAILED (and then, if the charger may
// hold it, a follow-up cancel is due: follow-up-cancel.ts).

/** The default command timeout, the relay's grace and a margin: a live request has finished by then. */
export const PENDING_STALE_MS = DEFAULT_TIMEOUT_MS + RELAY_GRACE_MS + 25_000;
/** A command the relay took (SENT) is finished by its relay within the longest timeout, unless that relay died. */
const SENT_STALE_MS = MAX_TIMEOUT_MS + RELAY_GRACE_MS + 60_000;
const BATCH = 50;

/** The ReserveNow command of a reservation whose request died before recording it. */
function findReserveNow(db: Db, r: { chargerId: string; ocppId: number; createdAt: Date }) {
  return db.chargerCommand.findFirst({
    where: {
      chargerId: r.chargerId,
      action: 'ReserveNow',
      requestedAt: { gte: r.createdAt },
      // 1.6 names it reservationId, 2.0.1 id.
      OR: [{ payload: { path: ['reservationId'], equals: r.ocppId } }, { payload: { path: ['id'], equals: r.ocppId } }],
    },
    orderBy: { requestedAt: 'asc' },
  });
}

/** Settles the stale PENDING reservations; returns how many moved. */
export async function resolveStaleReservations({
  db,
  staleMs = PENDING_STALE_MS,
  now = new Date(),
}: {
  db: Db;
  staleMs?: number;
  now?: Date;
}): Promise<number> {
  const stale = await db.reservation.findMany({
    where: { status: 'PENDING', createdAt: { lte: new Date(now.getTime() - staleMs) } },
    select: { id: true, chargerId: true, ocppId: true, createdAt: true, commandId: true },
    orderBy: { createdAt: 'asc' },
    take: BATCH,
  });
  let moved = 0;
  for (const r of stale) {
    let command: ChargerCommandModel | null = r.commandId
      ? await db.chargerCommand.findUnique({ where: { id: r.commandId } })
      : await findReserveNow(db, r);
    if (!command) {
      const failed = await db.reservation.updateMany({
        where: { id: r.id, status: 'PENDING' },
        data: {
          status: 'FAILED',
          heldEvseId: null,
          endedAt: now,
          note: 'ReserveNow was never sent (the request stopped)',
        },
      });
      moved += failed.count;
      continue;
    }
    if (command.status === 'PENDING') {
      // Its sender is gone and no relay took it: closed, so it can no longer be sent late.
      await db.chargerCommand.updateMany({
        where: { id: command.id, status: 'PENDING' },
        data: { status: 'TIMEOUT', error: 'Not sent: the request stopped before the relay took it', respondedAt: now },
      });
      command = await db.chargerCommand.findUniqueOrThrow({ where: { id: command.id } });
    }
    if (command.status === 'SENT') {
      if (!command.sentAt || command.sentAt.getTime() > now.getTime() - SENT_STALE_MS) continue;
      const failed = await applyReserveNowOutcome({
        db,
        reservationId: r.id,
        command,
        note: 'No answer to ReserveNow was recorded (the relay stopped while waiting)',
        now,
      });
      moved += Number(failed);
      continue;
    }
    if (await applyReserveNowOutcome({ db, reservationId: r.id, command, now })) moved++;
  }
  return moved;
}
