import type { LiveEvent } from '../bus/live-events.ts';
import { enforceDriverLimit } from './enforce-driver-limit.ts';
import { linkDriverTransaction } from './link-driver-transaction.ts';
import { settleDriverSession } from './settle-driver-session.ts';
import type { DriverDeps } from './types.ts';

/**
 * What the driver flow does with the relay's live events, in whichever process hears them:
 * link a started (or, cable plugged in first, just authorised) transaction to its session, stop
 * at the prepaid limit, settle an ended one.
 * Every step is guarded in the database, so several listeners are harmless.
 */
export async function onDriverLiveEvent(deps: DriverDeps, event: LiveEvent): Promise<void> {
  switch (event.type) {
    case 'transaction.started':
    case 'transaction.authorized': {
      const starting = await deps.db.driverSession.findMany({
        where: { chargerId: event.chargerId, evseId: event.evseId, status: 'STARTING' },
        select: { id: true },
      });
      for (const s of starting) await linkDriverTransaction(deps, { sessionId: s.id });
      return;
    }
    case 'transaction.updated':
      await enforceDriverLimit(deps, { transactionId: event.transactionId });
      return;
    case 'meter.update':
      if (event.transactionId) await enforceDriverLimit(deps, { transactionId: event.transactionId });
      return;
    case 'transaction.ended':
      await settleDriverSession(deps, { transactionId: event.transactionId });
      return;
    default:
      return;
  }
}
