import { startFailureRefundKey } from './driver-refund.ts';
import { audit } from './start-charging.ts';
import { nowOf, refundedMinorOf, type DriverDeps, type UnusedRefund } from './types.ts';

/**
 * Refunds the whole payment of a session whose charger never started. Safe to call again (the
 * sweep retries after a gateway error): the payments module never refunds more than was captured.
 * settledAt marks the money question closed: refunded, or given up on because the gateway declined
 * the refund (or it is under its minimum), after which the sweep leaves the session alone.
 */
export async function refundStartFailure(
  deps: DriverDeps,
  { sessionId }: { sessionId: string },
): Promise<UnusedRefund | null> {
  const { db } = deps;
  const session = await db.driverSession.findUniqueOrThrow({ where: { id: sessionId } });
  if (session.status !== 'START_FAILED' || !session.paymentId || session.refundMinor > 0 || session.settledAt) {
    return null;
  }
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
      now: () => nowOf(deps),
    });
    if (refund.outcome === 'declined' || refund.outcome === 'below-minimum') {
      await giveUp(deps, session, { paymentId: payment.id, currency: payment.currency, refund });
      return refund;
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
            locale: session.locale,
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

/**
 * The gateway will not refund this payment: the session is closed with nothing refunded (once,
 * whoever gets here first), audited as a settlement's would be, and a declined refund is the
 * operator's to return, which the driver is told.
 */
async function giveUp(
  deps: DriverDeps,
  session: { id: string; tenantId: string; email: string | null; locale: string | null },
  {
    paymentId,
    currency,
    refund,
  }: { paymentId: string; currency: string; refund: Extract<UnusedRefund, { outcome: 'declined' | 'below-minimum' }> },
) {
  const closed = await deps.db.driverSession.updateMany({
    where: { id: session.id, status: 'START_FAILED', settledAt: null },
    data: { refundMinor: 0, settledAt: nowOf(deps) },
  });
  if (closed.count === 0) return;
  const amountMinor = refund.unrefundedMinor;
  if (refund.outcome === 'below-minimum') {
    await audit(deps, session, 'driver.refund_below_minimum', {
      paymentId,
      amountMinor,
      minimumMinor: refund.minimumMinor,
      startFailed: true,
    });
    return;
  }
  await audit(deps, session, 'driver.refund_declined', {
    paymentId,
    amountMinor,
    gatewayReason: refund.reason,
    startFailed: true,
  });
  if (!session.email) return;
  await deps.mail
    .sendRefundFailedNotice({
      db: deps.db,
      tenantId: session.tenantId,
      to: session.email,
      sessionId: session.id,
      paymentId,
      amountMinor,
      currency,
      locale: session.locale,
    })
    .catch((e: unknown) => deps.onError?.(e, `refund-failed notice for ${session.id}`));
}
