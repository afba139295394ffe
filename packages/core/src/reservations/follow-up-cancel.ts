import type { Db } from '@magma/db';
import type { Bus } from '../bus/types.ts';
import { commandFor } from '../commands/command-for.ts';
import { DEFAULT_TIMEOUT_MS, RELAY_GRACE_MS, sendChargerCommand } from '../commands/send-charger-command.ts';

// A reservation whose ReserveNow got no answer is FAILED for us, but the charger may have taken it
// and hold the connector for a card the operator believes has nothing (reserve-now-outcome.ts). The
// relay that holds the charger's socket sends it a CancelReservation, recorded as a command like any
// other, on its sweep and when the charger boots. Best effort and bounded: a few attempts, spaced
// out, and none once the reservation's time passed (the charger drops it by itself then).

export const MAX_CANCEL_ATTEMPTS = 3;
/** The wait after the n-th unanswered attempt is n times this. */
export const CANCEL_RETRY_MS = 60_000;
/** Follow-ups sent by one sweep at most; the next sweep takes the rest. */
const BATCH = 20;
const FOLLOW_UP = ' | Follow-up CancelReservation: ';

/** The note as the reservation ended, plus what the follow-up got. */
const withFollowUp = (note: string | null, outcome: string) =>
  `${(note ?? 'No answer').split(FOLLOW_UP)[0]}${FOLLOW_UP}${outcome}`;

/**
 * Sends the due follow-up cancels of the online chargers held by `instanceId` (or of one of them)
 * and closes the ones whose reservation has ended meanwhile. Returns how many were sent.
 */
export async function sendFollowUpCancels({
  db,
  bus,
  instanceId,
  chargerId,
  timeoutMs,
  retryMs = CANCEL_RETRY_MS,
  now = new Date(),
}: {
  db: Db;
  bus: Bus;
  instanceId: string;
  chargerId?: string;
  timeoutMs?: number;
  retryMs?: number;
  now?: Date;
}): Promise<number> {
  const lapsed = await db.reservation.findMany({
    where: { cancelDueAt: { not: null }, expiresAt: { lte: now }, ...(chargerId ? { chargerId } : {}) },
    select: { id: true, note: true },
    take: BATCH,
  });
  for (const r of lapsed)
    await db.reservation.updateMany({
      where: { id: r.id, cancelDueAt: { not: null } },
      data: { cancelDueAt: null, note: withFollowUp(r.note, 'not sent, the reservation ended first') },
    });

  const due = await db.reservation.findMany({
    where: {
      status: 'FAILED',
      cancelDueAt: { lte: now },
      expiresAt: { gt: now },
      charger: { online: true, relayInstanceId: instanceId, ...(chargerId ? { id: chargerId } : {}) },
    },
    select: {
      id: true,
      tenantId: true,
      chargerId: true,
      ocppId: true,
      note: true,
      cancelDueAt: true,
      cancelAttempts: true,
      charger: { select: { protocol: true } },
    },
    orderBy: { cancelDueAt: 'asc' },
    take: BATCH,
  });
  const sent = await Promise.all(
    due.map(async (r) => {
      const attempt = r.cancelAttempts + 1;
      const began = Date.now();
      // Claimed before sending, so the sweep and a boot never send the same follow-up twice: the
      // claim holds for as long as the call can last, so no retry starts while this one is in flight
      // (the next attempt's time is set from when this one ends).
      const claimed = await db.reservation.updateMany({
        where: { id: r.id, cancelDueAt: r.cancelDueAt, cancelAttempts: r.cancelAttempts },
        data: {
          cancelAttempts: attempt,
          cancelDueAt: new Date(now.getTime() + (timeoutMs ?? DEFAULT_TIMEOUT_MS) + RELAY_GRACE_MS + retryMs * attempt),
        },
      });
      if (claimed.count === 0) return false;
      const call = commandFor({ protocol: r.charger.protocol, kind: 'cancelReservation', reservationId: r.ocppId });
      let outcome: string;
      let answered = false;
      try {
        const command = await sendChargerCommand({
          db,
          bus,
          tenantId: r.tenantId,
          chargerId: r.chargerId,
          action: call.action,
          payload: call.payload,
          source: 'reservation',
          timeoutMs,
        });
        answered = command.status === 'RESPONDED';
        outcome = answered
          ? `the charger answered ${String((command.response as { status?: unknown } | null)?.status)}`
          : (command.error ?? command.status.toLowerCase());
      } catch (e) {
        outcome = e instanceof Error ? e.message : String(e);
      }
      const last = answered || attempt >= MAX_CANCEL_ATTEMPTS;
      await db.reservation.update({
        where: { id: r.id },
        data: {
          note: withFollowUp(
            r.note,
            answered ? outcome : `no answer after ${attempt} of ${MAX_CANCEL_ATTEMPTS} attempts (${outcome})`,
          ),
          cancelDueAt: last ? null : new Date(now.getTime() + (Date.now() - began) + retryMs * attempt),
        },
      });
      return true;
    }),
  );
  return sent.filter(Boolean).length;
}
