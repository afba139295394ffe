import { nowOf, type DriverDeps } from './types.ts';

/** A charger's clock may run behind ours; a transaction started this long before the request still counts. */
const CLOCK_SKEW_MS = 2 * 60_000;

/**
 * Finds the transaction the charger started for a STARTING session (same connector, the idTag we
 * sent) and links it to the session and the payment. Idempotent; returns the transaction id.
 */
export async function linkDriverTransaction(
  deps: DriverDeps,
  { sessionId }: { sessionId: string },
): Promise<string | null> {
  const { db } = deps;
  const session = await db.driverSession.findUnique({ where: { id: sessionId } });
  if (!session) return null;
  if (session.transactionId) return session.transactionId;
  if (session.status !== 'STARTING' || !session.idTag || !session.startRequestedAt) return null;
  const tx = await db.transaction.findFirst({
    where: {
      tenantId: session.tenantId,
      chargerId: session.chargerId,
      evseId: session.evseId,
      idTag: session.idTag,
      startedAt: { gte: new Date(session.startRequestedAt.getTime() - CLOCK_SKEW_MS) },
      paymentId: null,
    },
    orderBy: { startedAt: 'asc' },
  });
  if (!tx) return null;
  const taken = await db.driverSession.count({ where: { transactionId: tx.id } });
  if (taken > 0) return null;
  const linked = await db.$transaction(async (t) => {
    const moved = await t.driverSession.updateMany({
      where: { id: session.id, status: 'STARTING', transactionId: null },
      data: { status: 'CHARGING', transactionId: tx.id, startedAt: tx.startedAt },
    });
    if (moved.count === 0) return false;
    if (session.paymentId) await t.transaction.update({ where: { id: tx.id }, data: { paymentId: session.paymentId } });
    await t.auditLog.create({
      data: {
        tenantId: session.tenantId,
        action: 'driver.transaction_linked',
        entityType: 'DriverSession',
        entityId: session.id,
        after: { transactionId: tx.id, paymentId: session.paymentId, at: nowOf(deps).toISOString() },
      },
    });
    return true;
  });
  return linked ? tx.id : null;
}
