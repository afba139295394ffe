import type { Db, PaymentStatus } from '@magma/db';
import type { GatewayEvent, PaymentProvider } from '@magma/payments';
import { AppError } from '../errors/app-error.ts';
import { gatewayError } from './gateway-error.ts';
import { payerOfStatus } from './payer-identity.ts';
import { recordPaymentEvent } from './record-payment-event.ts';

export type SyncPaymentResult = { status: PaymentStatus; changed: boolean };

/**
 * Asks the gateway how an order stands and records the answer as if a webhook had said it: for the
 * driver returning from a redirect checkout (PhonePe and Juspay do not sign the return, the status
 * API is the proof) and for sweeping payments whose webhook never came. The synthetic event id is
 * fixed per order and outcome, so syncing again, or the real webhook arriving later, counts once.
 * The payer the status answer names (UPI VPA, phone) is stored as a webhook's would be.
 */
export async function syncPaymentStatus({
  db,
  tenantId,
  paymentId,
  gateway,
  payerLookupKey,
}: {
  db: Db;
  tenantId: string;
  paymentId: string;
  gateway: PaymentProvider;
  /** The payer lookup key (payerLookupKeyOf): with it the payer's VPA/phone become searchable. */
  payerLookupKey?: string;
}): Promise<SyncPaymentResult> {
  const payment = await db.payment.findFirst({ where: { id: paymentId, tenantId } });
  if (!payment) throw new AppError('NOT_FOUND', 'Payment not found');
  if (payment.provider !== gateway.name) throw new AppError('BAD_INPUT', `Payment was made with ${payment.provider}`);
  if (!payment.providerOrderId) return { status: payment.status, changed: false };

  let order: Awaited<ReturnType<PaymentProvider['fetchOrderStatus']>>;
  try {
    order = await gateway.fetchOrderStatus(payment.providerOrderId);
  } catch (e) {
    throw gatewayError(e, 'Could not read the payment status');
  }
  const type: GatewayEvent['type'] | null =
    order.status === 'captured' || order.status === 'refunded'
      ? 'payment.captured'
      : order.status === 'authorized'
        ? 'payment.authorized'
        : order.status === 'failed'
          ? 'payment.failed'
          : null;
  if (!type) return { status: payment.status, changed: false };

  const r = await recordPaymentEvent({
    db,
    tenantId,
    provider: payment.provider,
    payerLookupKey,
    payer: payerOfStatus(payment.provider, order.raw, order.providerPaymentId),
    event: {
      providerEventId: `sync:${type}:${payment.providerOrderId}`,
      type,
      providerOrderId: payment.providerOrderId,
      providerPaymentId: order.providerPaymentId,
      providerRefundId: null,
      refundReference: null,
      amountMinor: type === 'payment.captured' ? order.paidMinor || order.amountMinor : order.amountMinor,
      // The gateway's own currency: one that is not the payment's is refused as a webhook's would be.
      currency: order.currency,
      failureReason: type === 'payment.failed' ? 'The gateway reports the payment as failed' : null,
      feeMinor: order.feeMinor ?? null,
      taxMinor: order.taxMinor ?? null,
      raw: { source: 'status-api', order: order.raw } as GatewayEvent['raw'],
    },
  });
  if (r.outcome !== 'applied') return { status: payment.status, changed: false };
  return { status: r.status, changed: r.status !== payment.status };
}
