import type { DriverSessionModel as DriverSession } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { declinedRefundOf, refundPayment } from '../payments/refund-payment.ts';
import { adjustmentRefundKey, adjustmentRefundOf } from './driver-refund.ts';
import { audit } from './start-charging.ts';
import { nowOf, type DriverDeps, type PricedTransaction } from './types.ts';

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
 * meter or clock fault) is recorded the same way, as money owed back to the driver, and refunded
 * (refundSettlementAdjustment), or, under the gateway's minimum refund, said so on both pages.
 *
 * What the transaction records as billed follows the money, as settlement's does: a prepaid
 * driver is billed what they were finally charged, the lower of the new price and the settled
 * cost (the receipt's figure, less any refund of the difference), and the rest of their share is
 * written off (Transaction.writtenOffMinor, the operator's), so revenue and GST reports add up
 * what the receipt states.
 *
 * The late stop's transaction.ended is published before the relay has priced the transaction
 * again; a listener that hears it first prices it here (the tariffs use case: one pricing,
 * whoever writes first), rather than finding it unpriced and leaving the adjustment to the sweep.
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
    select: { status: true, supersededById: true },
  });
  // Only a superseded transaction is priced again after its session settled.
  if (!tx || tx.status !== 'COMPLETED' || tx.supersededById === null) return null;

  const [priced, payment] = await Promise.all([
    priceLateStop(deps, session.transactionId),
    session.paymentId
      ? db.payment.findUnique({ where: { id: session.paymentId }, select: { capturedMinor: true } })
      : null,
  ]);
  if (!priced) return null;
  // The driver's share of the tariff's new price, whatever of it is already written off.
  const owedMinor = priced.amounts.driver.grossMinor + priced.amounts.writtenOff.grossMinor;
  const paidMinor = payment?.capturedMinor ?? null;
  const finalCostMinor = paidMinor === null ? owedMinor : Math.min(owedMinor, paidMinor);
  const adjustmentMinor = finalCostMinor - session.costMinor;

  // Before the adjustment's own guard, so a process that died between the two still records it.
  const writtenOffMinor = paidMinor === null ? 0 : owedMinor - Math.min(owedMinor, session.costMinor);
  if (writtenOffMinor !== priced.amounts.writtenOff.grossMinor) {
    await deps.pricing.writeOff({ db, transactionId: session.transactionId, writtenOffMinor });
  }
  if (adjustmentMinor === (session.adjustmentMinor ?? 0)) {
    await markUnchanged(deps, session);
    return null;
  }

  const written = await db.driverSession.updateMany({
    where: { id: session.id, status: 'SETTLED', adjustmentMinor: session.adjustmentMinor },
    data: { adjustmentMinor, adjustedAt: nowOf(deps) },
  });
  if (written.count === 0) return null;
  await audit(deps, session, 'driver.settlement_adjusted', {
    transactionId: session.transactionId,
    settledCostMinor: session.costMinor,
    finalCostMinor,
    uncappedCostMinor: owedMinor,
    paidMinor,
    adjustmentMinor,
    previousAdjustmentMinor: session.adjustmentMinor,
    ...(writtenOffMinor ? { writtenOffMinor } : {}),
  });
  if (adjustmentMinor < 0) {
    await refundSettlementAdjustment(deps, { ...session, adjustmentMinor });
  }
  return { finalCostMinor, adjustmentMinor };
}

/**
 * A late stop that changed nothing the driver owes (a session already capped at what was paid, a
 * meter that did not move) is marked as looked at: adjustmentMinor 0 and adjustedAt, as the sweep
 * reads them, so it is not picked up again by every sweep for a day (and, past 100 of them, does
 * not crowd out the sessions that need adjusting). Only once the transaction was priced after
 * the settlement, as the sweep's own condition says; a later mark does not move adjustedAt.
 */
async function markUnchanged(deps: DriverDeps, session: DriverSession) {
  const tx = await deps.db.transaction.findUnique({
    where: { id: session.transactionId! },
    select: { pricedAt: true },
  });
  if (!tx?.pricedAt || !session.settledAt || tx.pricedAt <= session.settledAt) return;
  if (session.adjustedAt && session.adjustedAt >= tx.pricedAt) return;
  await deps.db.driverSession.updateMany({
    where: { id: session.id, status: 'SETTLED', adjustmentMinor: session.adjustmentMinor },
    data: { adjustmentMinor: session.adjustmentMinor ?? 0, adjustedAt: nowOf(deps) },
  });
}

/**
 * The transaction's price after its late stop: as stored, or priced now when the stop's figures
 * are stored and not priced yet. Null when no tariff applies (nothing was priced to adjust).
 */
async function priceLateStop(deps: DriverDeps, transactionId: string): Promise<PricedTransaction | null> {
  try {
    return await deps.pricing.priceTransaction({ db: deps.db, transactionId });
  } catch (e) {
    if (AppError.is(e) && e.code === 'CONFLICT') return null;
    throw e;
  }
}

export type AdjustmentRefundOutcome = 'refunded' | 'below-minimum' | 'declined' | 'in-progress' | 'none';

/**
 * Sends back what a late-stop adjustment found the driver was charged too much: one refund per
 * session, under the idempotency key adjust:{sessionId}, so a resend (the sweep's, after the
 * gateway did not answer) is the same refund at the gateway and on our books. Under the gateway's
 * minimum nothing is sent, and the driver's and operator's pages say so (adjustmentRefundOf).
 * A later re-pricing that changes the figure again is audited, not refunded a second time.
 */
export async function refundSettlementAdjustment(
  deps: DriverDeps,
  session: Pick<DriverSession, 'id' | 'tenantId' | 'status' | 'paymentId' | 'adjustmentMinor'>,
): Promise<AdjustmentRefundOutcome | null> {
  const { db } = deps;
  if (session.status !== 'SETTLED' || !session.paymentId || (session.adjustmentMinor ?? 0) >= 0) return null;
  const payment = await db.payment.findUnique({
    where: { id: session.paymentId },
    select: { id: true, provider: true, capturedMinor: true },
  });
  const view = await adjustmentRefundOf(db, session, payment);
  if (!payment || !view) return null;
  const owedMinor = view.owedMinor;
  if (view.outcome === 'below-minimum') {
    await audit(deps, session, 'driver.adjustment_below_minimum', {
      paymentId: payment.id,
      amountMinor: owedMinor,
      minimumMinor: view.minimumMinor,
    });
    return 'below-minimum';
  }
  if (view.outcome !== 'sending') return null;
  const gateway = await deps.payments.ofPayment({ db, paymentId: payment.id });
  if (!gateway) {
    deps.onError?.(new Error(`${payment.provider} is not configured`), `adjustment refund of ${session.id}`);
    return null;
  }
  try {
    const r = await refundPayment({
      db,
      tenantId: session.tenantId,
      paymentId: payment.id,
      gateway,
      amountMinor: owedMinor,
      idempotencyKey: adjustmentRefundKey(session.id),
      reason: 'Late stop: the session cost less than it was settled for',
      now: () => nowOf(deps),
    });
    if (r.outcome === 'refunded') {
      await audit(deps, session, 'driver.adjustment_refunded', {
        paymentId: payment.id,
        refundId: r.refundId,
        amountMinor: r.amountMinor,
        owedMinor,
      });
      return 'refunded';
    }
    if (r.outcome === 'below-minimum') {
      await audit(deps, session, 'driver.adjustment_below_minimum', {
        paymentId: payment.id,
        amountMinor: r.amountMinor,
        minimumMinor: r.minimumMinor,
      });
      return 'below-minimum';
    }
    return r.outcome === 'in-progress' ? 'in-progress' : 'none';
  } catch (e) {
    const declined = declinedRefundOf(e);
    if (!declined) {
      // Unanswered: the refund row stays unsent and the sweep sends it again under the same key.
      deps.onError?.(e, `adjustment refund of ${session.id}`);
      return null;
    }
    await audit(deps, session, 'driver.adjustment_refund_declined', {
      paymentId: payment.id,
      refundId: declined.refundId,
      amountMinor: declined.amountMinor,
      gatewayReason: declined.reason,
    });
    return 'declined';
  }
}
