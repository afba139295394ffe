import type { Db, DriverSessionModel as DriverSession, PaymentModel as Payment } from '@magma/db';
import { MIN_REFUND_MINOR } from '@magma/payments';
import { refundIdFor } from '../payments/refund-payment.ts';
import type { DriverDeps } from './types.ts';

// What became of the money a paid driver session gives back, read from the payment's ledger: the
// same facts the receipt states (refunded, not sent because under the gateway's minimum, declined),
// so the driver's page says what the email said, and says it again when a refund fails later.

/** The idempotency key of a session's settlement refund: one refund per session, however often settled. */
export const settlementRefundKey = (sessionId: string) => `settle:${sessionId}`;

/** The idempotency key of the full refund of a session whose charger never started. */
export const startFailureRefundKey = (sessionId: string) => `start-failed:${sessionId}`;

/** The idempotency key of the full refund of a payment captured after its session had given up on it. */
export const lateCaptureRefundKey = (sessionId: string) => `late-capture:${sessionId}`;

/** The idempotency key of the refund of what a late-stop adjustment found a settled session owes back. */
export const adjustmentRefundKey = (sessionId: string) => `adjust:${sessionId}`;

export type DriverRefundView =
  /** Accepted by the gateway: on its way back (PENDING) or back (PROCESSED). */
  | { outcome: 'refunded'; amountMinor: number; status: 'PENDING' | 'PROCESSED' }
  /** Never sent: less than the gateway refunds at all. */
  | { outcome: 'below-minimum'; amountMinor: number; minimumMinor: number }
  /** The gateway declined it, at once or after accepting it: the operator returns it another way. */
  | { outcome: 'declined'; amountMinor: number };

/** The Refund row id of the refund this session sends, if it sends one (SETTLED or START_FAILED). */
export function driverRefundId(session: Pick<DriverSession, 'id' | 'status' | 'paymentId'>): string | null {
  if (!session.paymentId) return null;
  if (session.status === 'SETTLED') return refundIdFor(session.paymentId, settlementRefundKey(session.id));
  if (session.status === 'START_FAILED') return refundIdFor(session.paymentId, startFailureRefundKey(session.id));
  return null;
}

/**
 * The refund of a settled (or failed-to-start) paid session, or null while there is none to speak
 * of: nothing unused, the session still open, or a failed start whose refund is still being made.
 */
export async function driverRefundOf(
  deps: Pick<DriverDeps, 'db' | 'payments'>,
  session: Pick<DriverSession, 'id' | 'status' | 'paymentId' | 'costMinor' | 'settledAt'>,
  payment: Pick<Payment, 'id' | 'provider' | 'capturedMinor'>,
): Promise<DriverRefundView | null> {
  const refundId = driverRefundId(session);
  if (!refundId) return null;
  const refunds = await deps.db.refund.findMany({
    where: { paymentId: payment.id },
    select: { id: true, amountMinor: true, status: true },
  });
  const own = refunds.find((r) => r.id === refundId);
  if (own?.status === 'FAILED') return { outcome: 'declined', amountMinor: own.amountMinor };
  if (own) {
    const status = own.status === 'PROCESSED' ? 'PROCESSED' : 'PENDING';
    return { outcome: 'refunded', amountMinor: own.amountMinor, status };
  }
  // A failed start not given up on yet is still being refunded.
  if (!session.settledAt) return null;
  // No refund sent: either nothing was left, or what was left is under the gateway's minimum.
  const used = session.status === 'SETTLED' ? (session.costMinor ?? 0) : 0;
  const returned = refunds.filter((r) => r.status !== 'FAILED').reduce((n, r) => n + r.amountMinor, 0);
  const left = payment.capturedMinor - used - returned;
  const minimumMinor = (await deps.payments.ofPayment({ db: deps.db, paymentId: payment.id }))?.minRefundMinor ?? 0;
  return left > 0 && left < minimumMinor ? { outcome: 'below-minimum', amountMinor: left, minimumMinor } : null;
}

/**
 * What became of the money a late-stop adjustment found the driver was owed back (a negative
 * adjustmentMinor), for the driver's page and the operator's session page. `owedMinor` is the
 * adjustment's amount; the refund is that amount less nothing, bounded by what is left to refund.
 */
export type AdjustmentRefundView =
  /** Accepted by the gateway: on its way back (PENDING) or back (PROCESSED). */
  | { outcome: 'refunded'; owedMinor: number; amountMinor: number; status: 'PENDING' | 'PROCESSED' }
  /** Not sent and never will be: less than the gateway refunds at all. The operator keeps it. */
  | { outcome: 'below-minimum'; owedMinor: number; minimumMinor: number }
  /** The gateway declined it: the operator returns it another way. */
  | { outcome: 'declined'; owedMinor: number; amountMinor: number }
  /** Not sent yet (the gateway did not answer): the sweep sends it again. */
  | { outcome: 'sending'; owedMinor: number };

export async function adjustmentRefundOf(
  db: Db,
  session: Pick<DriverSession, 'id' | 'status' | 'paymentId' | 'adjustmentMinor'>,
  payment: Pick<Payment, 'provider' | 'capturedMinor'> | null,
): Promise<AdjustmentRefundView | null> {
  if (session.status !== 'SETTLED' || !session.paymentId || !payment || (session.adjustmentMinor ?? 0) >= 0)
    return null;
  const refunds = await db.refund.findMany({
    where: { paymentId: session.paymentId },
    select: { id: true, amountMinor: true, status: true, providerRefundId: true },
  });
  return adjustmentRefundView(session, payment, refunds);
}

/** adjustmentRefundOf over rows already read: the payment's refunds (all of them). */
export function adjustmentRefundView(
  session: Pick<DriverSession, 'id' | 'status' | 'paymentId' | 'adjustmentMinor'>,
  payment: Pick<Payment, 'provider' | 'capturedMinor'>,
  refunds: readonly { id: string; amountMinor: number; status: string; providerRefundId: string | null }[],
): AdjustmentRefundView | null {
  const owedMinor = -(session.adjustmentMinor ?? 0);
  if (session.status !== 'SETTLED' || !session.paymentId || owedMinor <= 0) return null;
  const refundId = refundIdFor(session.paymentId, adjustmentRefundKey(session.id));
  const refund = refunds.find((r) => r.id === refundId);
  const minimumMinor = MIN_REFUND_MINOR[payment.provider];
  if (!refund) {
    // What can still go back bounds the refund, as refundPayment bounds it.
    const left =
      payment.capturedMinor - refunds.filter((r) => r.status !== 'FAILED').reduce((n, r) => n + r.amountMinor, 0);
    if (Math.min(owedMinor, left) < minimumMinor) return { outcome: 'below-minimum', owedMinor, minimumMinor };
    return { outcome: 'sending', owedMinor };
  }
  if (refund.status === 'PENDING' && refund.providerRefundId === null) return { outcome: 'sending', owedMinor };
  if (refund.status === 'FAILED') return { outcome: 'declined', owedMinor, amountMinor: refund.amountMinor };
  return {
    outcome: 'refunded',
    owedMinor,
    amountMinor: refund.amountMinor,
    status: refund.status === 'PROCESSED' ? 'PROCESSED' : 'PENDING',
  };
}
