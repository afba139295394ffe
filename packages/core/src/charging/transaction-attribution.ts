import type { Db, Prisma } from '@magma/db';
import type { LiveEventSink } from '../bus/live-events.ts';
import { openEventFault } from './open-event-fault.ts';
import { recordChargerMessage } from './record-charger-message.ts';
import type { ChargerRef } from './types.ts';

// Who a 2.0.1 transaction belongs to. A transaction our RequestStartTransaction started (matched by
// its remoteStartId) is the token we sent, whatever the station's events carry before or after it:
// a station that starts at plug-in may report another card first, or a card tapped later. A token
// that disagrees with the one kept, and a second Started for a transaction already started, are
// kept in the charger's message log and raised as a fault for the operator, never applied silently.

export const TOKEN_CONFLICT = 'TransactionTokenConflict';
export const REPEATED_STARTED = 'TransactionRepeatedStarted';

/** The idToken of our RequestStartTransaction with this remoteStartId, if we sent one to this charger. */
export async function remoteStartToken({
  db,
  chargerId,
  remoteStartId,
}: {
  db: Db;
  chargerId: string;
  remoteStartId: number;
}): Promise<string | null> {
  const command = await db.chargerCommand.findFirst({
    where: {
      chargerId,
      action: 'RequestStartTransaction',
      payload: { path: ['remoteStartId'], equals: remoteStartId },
    },
    orderBy: { requestedAt: 'desc' },
    select: { payload: true },
  });
  const token = (command?.payload as { idToken?: { idToken?: unknown } } | null)?.idToken?.idToken;
  return typeof token === 'string' && token.length > 0 ? token : null;
}

export const sameToken = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();

/**
 * Keeps what disagrees in the charger's log and opens one fault per transaction and kind (an open
 * one is not opened again), which the operator sees with the charger's other faults.
 */
export async function flagTransactionConflict({
  db,
  charger,
  events,
  code,
  description,
  evseId,
  details,
  now = new Date(),
}: {
  db: Db;
  charger: ChargerRef;
  events?: LiveEventSink;
  code: typeof TOKEN_CONFLICT | typeof REPEATED_STARTED;
  description: string;
  evseId: number | null;
  details: Prisma.InputJsonObject;
  now?: Date;
}): Promise<void> {
  await recordChargerMessage({ db, charger, action: code, payload: details });
  await openEventFault({ db, charger, events, code, description, evseId, now });
}
