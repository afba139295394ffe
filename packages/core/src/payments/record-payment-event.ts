import type { Db, PaymentModel as Payment, PaymentProvider as ProviderName, PaymentStatus, Prisma } from '@magma/db';
import type { GatewayEvent } from '@magma/payments';
import { lockPayment, settlePayment, type Tx } from './payment-ledger.ts';
import { nextRefundStatus, type PaymentSignal, type RefundRowStatus } from './payment-state.ts';

export type RecordPaymentEventResult =
  | { outcome: 'applied'; paymentId: string; status: PaymentStatus }
  /** Seen before (same provider event id): nothing changed. */
  | { outcome: 'duplicate'; paymentId: string | null }
  /** No payment of this tenant matches; kept so a later delivery can still be applied. */
  | { outcome: 'unmatched'; paymentId: null };

const SIGNALS: Record<GatewayEvent['type'], PaymentSignal> = {
  'payment.authorized': 'authorized',
  'payment.captured': 'captured',
  'payment.failed': 'failed',
  'refund.created': 'refund',
  'refund.processed': 'refund',
  'refund.failed': 'refund',
};

const REFUND_STATUS: Partial<Record<GatewayEvent['type'], RefundRowStatus>> = {
  'refund.created': 'PENDING',
  'refund.processed': 'PROCESSED',
  'refund.failed': 'FAILED',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findPayment(tx: Tx, tenantId: string, provider: ProviderName, event: GatewayEvent) {
  if (event.providerOrderId) {
    const p = await tx.payment.findFirst({
      where: { tenantId, provider, providerOrderId: event.providerOrderId },
      select: { id: true },
    });
    if (p) return p;
  }
  // Some refund notifications name only the refund (PhonePe's failed-refund callback has an empty
  // order id): the refund we sent knows its payment.
  const key = gatewayRefundKey(event);
  const refundKeys = [
    ...(key ? [{ providerRefundId: key }] : []),
    ...(event.refundReference && UUID.test(event.refundReference) ? [{ id: event.refundReference }] : []),
  ];
  if (refundKeys.length) {
    const r = await tx.refund.findFirst({
      where: { OR: refundKeys, payment: { tenantId, provider } },
      select: { paymentId: true },
    });
    if (r) return { id: r.paymentId };
  }
  if (event.providerPaymentId) {
    return tx.payment.findFirst({
      where: { tenantId, provider, providerPaymentId: event.providerPaymentId },
      select: { id: true },
    });
  }
  return null;
}

/**
 * How a refund is known at the gateway: its own refund id or, when the gateway sends only the
 * merchant's reference and that reference is not one of ours (a refund made on PhonePe's dashboard
 * is named by its merchantRefundId alone), that reference.
 */
function gatewayRefundKey(event: GatewayEvent): string | null {
  if (event.providerRefundId) return event.providerRefundId;
  return event.refundReference && !UUID.test(event.refundReference) ? event.refundReference : null;
}

/** The Refund row a refund event is about: by the gateway's id, else by our key echoed back, else new. */
async function upsertRefund(tx: Tx, payment: Payment, event: GatewayEvent, incoming: RefundRowStatus): Promise<void> {
  const key = gatewayRefundKey(event);
  const byProviderId = key
    ? await tx.refund.findFirst({ where: { paymentId: payment.id, providerRefundId: key } })
    : null;
  const byReference =
    byProviderId ??
    (event.refundReference && UUID.test(event.refundReference)
      ? await tx.refund.findFirst({ where: { paymentId: payment.id, id: event.refundReference } })
      : null);
  if (!byReference) {
    // A refund started outside Magma (for example from the gateway dashboard).
    await tx.refund.create({
      data: {
        paymentId: payment.id,
        amountMinor: event.amountMinor,
        providerRefundId: key,
        status: incoming,
        reason: event.failureReason,
      },
    });
    return;
  }
  const status = nextRefundStatus(byReference.status as RefundRowStatus, incoming);
  await tx.refund.update({
    where: { id: byReference.id },
    data: {
      status,
      providerRefundId: byReference.providerRefundId ?? event.providerRefundId,
      // The gateway's amount is the truth once it has processed the refund.
      ...(status === 'PROCESSED' && incoming === 'PROCESSED' ? { amountMinor: event.amountMinor } : {}),
    },
  });
}

/**
 * Records a verified gateway event exactly once and moves the payment forward. The event row's
 * unique (provider, providerEventId) makes a replay a no-op; the payment row lock makes concurrent
 * deliveries apply one after the other; the state machine makes out-of-order deliveries converge.
 */
export async function recordPaymentEvent({
  db,
  tenantId,
  provider,
  event,
}: {
  db: Db;
  tenantId: string;
  provider: ProviderName;
  event: GatewayEvent;
}): Promise<RecordPaymentEventResult> {
  return db.$transaction(async (tx) => {
    const found = await findPayment(tx, tenantId, provider, event);
    const payment = found ? await lockPayment(tx, { tenantId, paymentId: found.id }) : null;
    const inserted = await tx.paymentEvent.createMany({
      data: [
        {
          provider,
          providerEventId: event.providerEventId,
          type: event.type,
          paymentId: payment?.id ?? null,
          payload: (event.raw ?? {}) as Prisma.InputJsonValue,
        },
      ],
      skipDuplicates: true,
    });
    if (!payment) return { outcome: inserted.count ? 'unmatched' : 'duplicate', paymentId: null } as const;
    if (inserted.count === 0) {
      // Seen before. If it arrived before its payment existed, this delivery may claim it now.
      const claimed = await tx.paymentEvent.updateMany({
        where: { provider, providerEventId: event.providerEventId, paymentId: null },
        data: { paymentId: payment.id },
      });
      if (claimed.count === 0) return { outcome: 'duplicate', paymentId: payment.id } as const;
    }

    const refundStatus = REFUND_STATUS[event.type];
    if (refundStatus) await upsertRefund(tx, payment, event, refundStatus);
    const updated = await settlePayment(tx, payment, {
      signal: SIGNALS[event.type],
      amountMinor: event.amountMinor,
      providerPaymentId: event.type.startsWith('payment.') ? event.providerPaymentId : null,
      failureReason: event.failureReason,
    });
    return { outcome: 'applied', paymentId: payment.id, status: updated.status } as const;
  });
}
