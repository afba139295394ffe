import type { Headers, ProviderName } from '@magma/payments';
import { lateCaptureRefundKey } from './driver-refund.ts';
import { noticeFailedRefund } from './notice-failed-refund.ts';
import { failStart, startChargingForSession, audit } from './start-charging.ts';
import { nowOf, refundedMinorOf, type DriverDeps } from './types.ts';

/** A capture that arrives this long after Pay no longer starts a charger the driver has walked away from. */
export const LATE_CAPTURE_MS = 30 * 60_000;

export type WebhookOutcome = {
  status: number;
  body: { ok: boolean; received?: number; duplicates?: number; error?: string };
  /** Payments whose state changed: run `onDriverPaymentUpdated` for each after answering the gateway. */
  paymentIds: string[];
};

/**
 * One path for every gateway's webhook (and the test gateway's approval page): verify the
 * signature over the raw body, record each event (deduplicated on the provider's event id, status
 * forward-only), and report the payments to act on. Duplicates and out-of-order deliveries
 * change nothing twice; the driver session follows the payment's state, not the event order.
 */
export async function handlePaymentWebhook(
  deps: DriverDeps,
  {
    tenantId,
    provider,
    rawBody,
    headers,
    accountId = null,
  }: {
    tenantId: string;
    provider: ProviderName;
    rawBody: string | Buffer;
    headers: Headers;
    /** The tenant's own account named in the webhook URL: only its secret verifies the event. */
    accountId?: string | null;
  },
): Promise<WebhookOutcome> {
  const gateway = await deps.payments.forWebhook({ db: deps.db, tenantId, provider, accountId });
  if (!gateway) return { status: 404, body: { ok: false, error: `${provider} is not configured` }, paymentIds: [] };
  const verified = gateway.verifyWebhook({ rawBody, headers });
  if (!verified.ok) {
    const status = verified.reason === 'bad-payload' ? 400 : 401;
    return { status, body: { ok: false, error: verified.message }, paymentIds: [] };
  }
  const paymentIds = new Set<string>();
  let duplicates = 0;
  for (const event of verified.events) {
    const recorded = await deps.payments.recordEvent({
      db: deps.db,
      tenantId,
      provider,
      event,
      paymentAccountId: accountId,
    });
    if (recorded.duplicate) duplicates++;
    if (recorded.paymentId) paymentIds.add(recorded.paymentId);
  }
  return { status: 200, body: { ok: true, received: verified.events.length, duplicates }, paymentIds: [...paymentIds] };
}

/**
 * Moves the driver session along with its payment: captured → remote start; failed → the session
 * ends; a refund it was told of failed → the driver is told again. Safe to call any number of
 * times and in any order.
 */
export async function onDriverPaymentUpdated(deps: DriverDeps, { paymentId }: { paymentId: string }) {
  const { db } = deps;
  const session = await db.driverSession.findUnique({ where: { paymentId } });
  if (!session) return { action: 'none' as const };
  if (await noticeFailedRefund(deps, { paymentId })) return { action: 'refund-failed' as const };
  const payment = await db.payment.findUniqueOrThrow({ where: { id: paymentId } });
  const paid =
    payment.capturedMinor > 0 &&
    ['CAPTURED', 'PARTIALLY_REFUNDED', 'REFUND_PENDING', 'REFUNDED'].includes(payment.status);

  if (session.status === 'AWAITING_PAYMENT' && payment.status === 'FAILED') {
    const moved = await db.driverSession.updateMany({
      where: { id: session.id, status: 'AWAITING_PAYMENT' },
      data: {
        status: 'PAYMENT_FAILED',
        failureReason: payment.failureReason ?? 'The payment failed',
        endedAt: nowOf(deps),
      },
    });
    if (moved.count) await audit(deps, session, 'driver.payment_failed', { paymentId });
    return { action: 'payment-failed' as const };
  }
  if (!paid) return { action: 'none' as const };

  // Charging starts only on a payment that is exactly what the driver was asked for and is still
  // all there: captured in full, nothing refunded or being refunded. Anything else (money already
  // going back, another amount) ends the session, and what is left of the money goes back below.
  const unspoilt =
    payment.status === 'CAPTURED' &&
    payment.capturedMinor === payment.amountMinor &&
    payment.refundedMinor === 0 &&
    (session.limitMinor === null || payment.amountMinor === session.limitMinor);
  if (session.status === 'AWAITING_PAYMENT' && !unspoilt) {
    const reason =
      payment.status === 'CAPTURED'
        ? 'The payment does not match the amount asked for'
        : 'The payment was refunded before charging started';
    const moved = await db.driverSession.updateMany({
      where: { id: session.id, status: 'AWAITING_PAYMENT' },
      data: { status: 'PAYMENT_FAILED', failureReason: reason, endedAt: nowOf(deps) },
    });
    if (moved.count) {
      await audit(deps, session, 'driver.payment_unusable', { paymentId, status: payment.status, reason });
    }
    return onDriverPaymentUpdated(deps, { paymentId });
  }

  if (session.status === 'AWAITING_PAYMENT') {
    if (nowOf(deps).getTime() - session.createdAt.getTime() > LATE_CAPTURE_MS) {
      await db.driverSession.updateMany({
        where: { id: session.id, status: 'AWAITING_PAYMENT' },
        data: { status: 'STARTING', startRequestedAt: nowOf(deps) },
      });
      await failStart(deps, { sessionId: session.id, reason: 'The payment arrived too late to start charging' });
      return { action: 'refunded-late' as const };
    }
    const r = await startChargingForSession(deps, { sessionId: session.id });
    return {
      action: r.started ? ('started' as const) : ('start-failed' as const),
      reason: r.started ? undefined : r.reason,
    };
  }
  // Money arrived for a session that had already given up on it (a decline followed by a capture).
  if (
    session.status === 'PAYMENT_FAILED' &&
    payment.capturedMinor > payment.refundedMinor &&
    session.refundMinor === 0
  ) {
    const refund = await deps.payments.refundUnused({
      db,
      tenantId: session.tenantId,
      paymentId,
      reason: 'Captured after the session had failed',
      // One refund per session: the webhook, the sweep and the driver's page may all get here, and a
      // retry after a gateway error resends the same refund, never a second one.
      idempotencyKey: lateCaptureRefundKey(session.id),
      now: () => nowOf(deps),
    });
    // Unanswered yet: left open, so the next check sends it again under the same key.
    if (refund.outcome === 'in-progress') return { action: 'none' as const };
    const amountMinor = refundedMinorOf(refund);
    await db.driverSession.update({
      where: { id: session.id },
      data: { refundMinor: amountMinor, settledAt: nowOf(deps) },
    });
    await audit(deps, session, 'driver.late_capture_refunded', { paymentId, amountMinor, outcome: refund });
    return { action: 'refunded-late' as const };
  }
  return { action: 'none' as const };
}
