import { nowOf, type DriverDeps } from './types.ts';

/**
 * Refunds the whole payment of a session whose charger never started. Safe to call again (the
 * sweep retries after a gateway error): the refund is keyed by the session.
 */
export async function refundStartFailure(deps: DriverDeps, { sessionId }: { sessionId: string }) {
  const { db } = deps;
  const session = await db.driverSession.findUniqueOrThrow({ where: { id: sessionId } });
  if (session.status !== 'START_FAILED' || !session.paymentId || session.refundMinor > 0) return null;
  const payment = await db.payment.findUniqueOrThrow({ where: { id: session.paymentId } });
  const amountMinor = payment.capturedMinor - payment.refundedMinor;
  if (amountMinor <= 0) return null;
  try {
    const refund = await deps.payments.refund({
      db,
      paymentId: payment.id,
      amountMinor,
      reason: `Charger did not start: ${session.failureReason ?? 'unknown'}`,
      idempotencyKey: `driver-start-failed:${session.id}`,
    });
    await db.driverSession.update({ where: { id: session.id }, data: { refundMinor: refund.amountMinor, settledAt: nowOf(deps) } });
    return refund;
  } catch (e) {
    deps.onError?.(e, `refund of failed start ${session.id}`);
    return null;
  }
}
