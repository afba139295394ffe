import { startFailureRefundKey } from './driver-refund.ts';
import { nowOf, refundedMinorOf, type DriverDeps } from './types.ts';

/**
 * Refunds the whole payment of a session whose charger never started. Safe to call again (the
 * sweep retries after a gateway error): the payments module never refunds more than was captured.
 */
export async function refundStartFailure(deps: DriverDeps, { sessionId }: { sessionId: string }) {
  const { db } = deps;
  const session = await db.driverSession.findUniqueOrThrow({ where: { id: sessionId } });
  if (session.status !== 'START_FAILED' || !session.paymentId || session.refundMinor > 0) return null;
  const payment = await db.payment.findUniqueOrThrow({ where: { id: session.paymentId } });
  if (payment.capturedMinor - payment.refundedMinor <= 0) return null;
  try {
    // No transaction is linked to the payment, so everything captured goes back.
    const refund = await deps.payments.refundUnused({
      db,
      tenantId: session.tenantId,
      paymentId: payment.id,
      reason: `Charger did not start: ${session.failureReason ?? 'unknown'}`,
      // One refund per failed start: a retry resends it, never sends another.
      idempotencyKey: startFailureRefundKey(session.id),
    });
    if (refund.outcome === 'declined' || refund.outcome === 'below-minimum') {
      deps.onError?.(
        new Error(`The gateway will not refund ${refund.unrefundedMinor} paise (${refund.outcome})`),
        `refund of failed start ${session.id}`,
      );
      return null;
    }
    const after = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    const refundMinor = Math.max(refundedMinorOf(refund), after.refundedMinor);
    if (refundMinor > 0) {
      await db.driverSession.update({ where: { id: session.id }, data: { refundMinor, settledAt: nowOf(deps) } });
      if (session.email) {
        await deps.mail
          .sendRefundNotice({
            db,
            tenantId: session.tenantId,
            to: session.email,
            sessionId: session.id,
            paymentId: payment.id,
            amountMinor: refundMinor,
            currency: payment.currency,
            reason: `${session.failureReason ?? 'The charger did not start'}, so nothing was charged`,
          })
          .catch((e: unknown) => deps.onError?.(e, `refund notice for ${session.id}`));
      }
    }
    return refund;
  } catch (e) {
    deps.onError?.(e, `refund of failed start ${session.id}`);
    return null;
  }
}
