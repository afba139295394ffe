import { AppError } from '../errors/app-error.ts';
import { findDriverSession } from './find-driver-session.ts';
import { linkDriverTransaction } from './link-driver-transaction.ts';
import { audit } from './start-charging.ts';
import { nowOf, type DriverDeps } from './types.ts';

/**
 * The Stop button of the session page. The URL token is the driver's only credential; a stop
 * of an already-ended transaction is answered as done.
 */
export async function stopDriverSession(deps: DriverDeps, { tenantId, token }: { tenantId: string; token: string }) {
  const { db } = deps;
  let session = await findDriverSession({ db, tenantId, token });
  if (session.status === 'STARTING') {
    await linkDriverTransaction(deps, { sessionId: session.id });
    session = await db.driverSession.findUniqueOrThrow({ where: { id: session.id } });
  }
  if (!session.transactionId) {
    if (session.status === 'STARTING')
      throw new AppError('CONFLICT', 'The charger has not started yet; plug in the car or wait a moment.');
    throw new AppError('CONFLICT', 'This session is not charging.');
  }
  const tx = await db.transaction.findUniqueOrThrow({ where: { id: session.transactionId } });
  if (tx.status === 'COMPLETED') return { stopped: true as const, already: true };

  await db.driverSession.update({ where: { id: session.id }, data: { stopRequestedAt: nowOf(deps) } });
  await audit(deps, session, 'driver.stop_requested', { transactionId: tx.id });
  const reply = await deps.chargers.remoteStop({
    tenantId,
    chargerId: tx.chargerId,
    ocppTransactionId: tx.ocppTransactionId,
  });
  if (!reply.accepted)
    throw new AppError(
      'CONFLICT',
      `The charger refused to stop${reply.reason ? ` (${reply.reason})` : ''}. Unplug the car to end the session.`,
    );
  return { stopped: true as const, already: false };
}
