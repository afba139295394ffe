import type { DriverSessionModel as DriverSession } from '@magma/db';
import { audit } from './start-charging.ts';
import { nowOf, type DriverDeps } from './types.ts';

export type SettlementAdjustment = {
  /** The final cost the driver would owe, capped at what a prepaid driver paid. */
  finalCostMinor: number;
  /** finalCostMinor less what the settlement charged: positive, charged too little; negative, too much. */
  adjustmentMinor: number;
};

/**
 * A transaction the CSMS closed itself (a newer one started on its connector, its stop never
 * came) is priced on its last meter reading, and its driver session settles on that: refund sent,
 * receipt mailed. When the charger's own StopTransaction / Ended arrives after all, the
 * transaction is priced again on the charger's figures, which usually cost more (the meter ran on
 * after its last reading reached us).
 *
 * What a CSMS does then: the settlement stands. The driver is never charged after the fact, and
 * never more than they prepaid: the refund already went back and the receipt is what they agreed
 * to. The difference is the operator's to know about, not to hide: the session records it
 * (adjustmentMinor, shown on the operator's session page) and an audit entry
 * (driver.settlement_adjusted) says what changed. A final cost below the settled one (rare: a
 * meter or clock fault) is recorded the same way, as money owed back to the driver, for the
 * operator to return.
 *
 * Idempotent: several listeners, or the same stop heard twice, record one adjustment; a later
 * re-pricing that changes the figures again updates it (and audits that change).
 */
export async function adjustSettledSession(
  deps: DriverDeps,
  session: DriverSession,
): Promise<SettlementAdjustment | null> {
  const { db } = deps;
  if (session.status !== 'SETTLED' || !session.transactionId || session.costMinor === null) return null;
  const tx = await db.transaction.findUnique({
    where: { id: session.transactionId },
    select: { status: true, supersededById: true, pricedAt: true },
  });
  // Only a superseded transaction is priced again after its session settled.
  if (!tx || tx.status !== 'COMPLETED' || tx.supersededById === null || !tx.pricedAt) return null;

  const [priced, payment] = await Promise.all([
    deps.pricing.priceTransaction({ db, transactionId: session.transactionId }),
    session.paymentId
      ? db.payment.findUnique({ where: { id: session.paymentId }, select: { capturedMinor: true } })
      : null,
  ]);
  const paidMinor = payment?.capturedMinor ?? null;
  const finalCostMinor = paidMinor === null ? priced.costMinor : Math.min(priced.costMinor, paidMinor);
  const adjustmentMinor = finalCostMinor - session.costMinor;
  if (adjustmentMinor === (session.adjustmentMinor ?? 0)) return null;

  const written = await db.driverSession.updateMany({
    where: { id: session.id, status: 'SETTLED', adjustmentMinor: session.adjustmentMinor },
    data: { adjustmentMinor, adjustedAt: nowOf(deps) },
  });
  if (written.count === 0) return null;
  await audit(deps, session, 'driver.settlement_adjusted', {
    transactionId: session.transactionId,
    settledCostMinor: session.costMinor,
    finalCostMinor,
    uncappedCostMinor: priced.costMinor,
    paidMinor,
    adjustmentMinor,
    previousAdjustmentMinor: session.adjustmentMinor,
  });
  return { finalCostMinor, adjustmentMinor };
}
