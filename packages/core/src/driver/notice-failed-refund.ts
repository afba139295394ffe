import { driverRefundId } from './driver-refund.ts';
import { audit } from './start-charging.ts';
import type { DriverDeps } from './types.ts';

/**
 * A refund the gateway accepted and later failed (its refund-failed callback), after the driver
 * was told it was on its way: the session no longer counts it as refunded, the operator's audit
 * log says so (their session page lists the refund as declined), and the driver is told the
 * operator will return it. Exactly once per refund, however often the gateway repeats its
 * callback: whoever takes the session's refund back to zero does the telling.
 */
export async function noticeFailedRefund(deps: DriverDeps, { paymentId }: { paymentId: string }): Promise<boolean> {
  const { db } = deps;
  const session = await db.driverSession.findUnique({ where: { paymentId } });
  if (!session || session.refundMinor === 0) return false;
  const refundId = driverRefundId(session);
  if (!refundId) return false;
  const refund = await db.refund.findUnique({ where: { id: refundId } });
  if (refund?.status !== 'FAILED') return false;

  const taken = await db.driverSession.updateMany({
    where: { id: session.id, refundMinor: { gt: 0 } },
    data: { refundMinor: 0 },
  });
  if (taken.count === 0) return false;
  await audit(deps, session, 'driver.refund_failed_after_settlement', {
    paymentId,
    refundId,
    amountMinor: refund.amountMinor,
    ...(session.status === 'START_FAILED' ? { startFailed: true } : {}),
  });
  if (session.email) {
    const payment = await db.payment.findUniqueOrThrow({ where: { id: paymentId }, select: { currency: true } });
    await deps.mail
      .sendRefundFailedNotice({
        db,
        tenantId: session.tenantId,
        to: session.email,
        sessionId: session.id,
        paymentId,
        amountMinor: refund.amountMinor,
        currency: payment.currency,
        locale: session.locale,
      })
      .catch((e: unknown) => deps.onError?.(e, `refund-failed notice for ${session.id}`));
  }
  return true;
}
