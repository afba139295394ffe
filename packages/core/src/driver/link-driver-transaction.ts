import type { DriverSessionModel as DriverSession, TransactionModel as Transaction } from '@magma/db';
import { nowOf, type DriverDeps } from './types.ts';

/** A charger's clock may run behind ours; a transaction started this long before the request still counts. */
const CLOCK_SKEW_MS = 2 * 60_000;

type Evidence = 'chargerTransactionId' | 'remoteStartId' | 'idTag';

/**
 * Finds the transaction the charger runs for a STARTING session and links it to the session and
 * the payment. Idempotent; returns the transaction id.
 *
 * The evidence, strongest first: the transactionId a 2.0.1 station answered RequestStartTransaction
 * with (the cable was plugged in first, so it had already started one); the remoteStartId we sent,
 * which a 2.0.1 station puts in the transaction's events (F02.FR.01), in the Started or, cable
 * first, in a later Updated; and last the idTag we sent, on a transaction started after the
 * request (1.6, whose StartTransaction always carries it, and stations that omit remoteStartId).
 * Only the idTag needs the time window: the other two name this request alone.
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
  const found = await findTransaction(deps, session, session.startRequestedAt);
  if (!found) return null;
  const { tx, evidence } = found;
  // Cable plugged in first, the transaction began before the driver paid: the session begins when
  // the station was authorised (or, until it says so, when we asked it to start).
  const startedAt =
    tx.authorizedAt ??
    (tx.startedAt.getTime() < session.startRequestedAt.getTime() - CLOCK_SKEW_MS
      ? session.startRequestedAt
      : tx.startedAt);
  const linked = await db.$transaction(async (t) => {
    const moved = await t.driverSession.updateMany({
      where: { id: session.id, status: 'STARTING', transactionId: null },
      data: { status: 'CHARGING', transactionId: tx.id, startedAt },
    });
    if (moved.count === 0) return false;
    if (session.paymentId) await t.transaction.update({ where: { id: tx.id }, data: { paymentId: session.paymentId } });
    await t.auditLog.create({
      data: {
        tenantId: session.tenantId,
        action: 'driver.transaction_linked',
        entityType: 'DriverSession',
        entityId: session.id,
        after: { transactionId: tx.id, paymentId: session.paymentId, evidence, at: nowOf(deps).toISOString() },
      },
    });
    return true;
  });
  return linked ? tx.id : null;
}

async function findTransaction(deps: DriverDeps, session: DriverSession, requestedAt: Date) {
  const { db } = deps;
  const own = { tenantId: session.tenantId, chargerId: session.chargerId, paymentId: null };
  const candidates: [Evidence, () => Promise<Transaction | null>][] = [
    [
      'chargerTransactionId',
      async () =>
        session.chargerTransactionId
          ? db.transaction.findFirst({ where: { ...own, ocppTransactionId: session.chargerTransactionId } })
          : null,
    ],
    [
      'remoteStartId',
      async () =>
        session.remoteStartId === null
          ? null
          : db.transaction.findFirst({
              where: {
                ...own,
                evseId: session.evseId,
                remoteStartId: session.remoteStartId,
                // An id is random but not unique forever: one ended before this request is another's.
                OR: [{ status: 'ACTIVE' }, { stoppedAt: { gte: new Date(requestedAt.getTime() - CLOCK_SKEW_MS) } }],
              },
              orderBy: { startedAt: 'desc' },
            }),
    ],
    [
      'idTag',
      () =>
        db.transaction.findFirst({
          where: {
            ...own,
            evseId: session.evseId,
            idTag: session.idTag,
            startedAt: { gte: new Date(requestedAt.getTime() - CLOCK_SKEW_MS) },
          },
          orderBy: { startedAt: 'asc' },
        }),
    ],
  ];
  for (const [evidence, find] of candidates) {
    const tx = await find();
    if (!tx) continue;
    const taken = await db.driverSession.count({ where: { transactionId: tx.id } });
    if (taken === 0) return { tx, evidence };
  }
  return null;
}
