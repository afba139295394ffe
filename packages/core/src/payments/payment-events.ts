import type { PaymentModel as Payment } from '@magma/db';
import { enqueueEvent, eventIdOf } from '../events/index.ts';
import type { Tx } from './payment-ledger.ts';

// A payment's catalogue events, written in the transaction that changed the row: by settlePayment
// (every change a gateway reports goes through it) and by createPayment when the gateway refused to
// make the order. Ids are the payment's (one capture, one failure)
// and the refund's, so a webhook replayed or a status synced twice writes nothing twice.

const CAPTURED = new Set(['CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED']);

export async function emitPaymentEvents(
  tx: Tx,
  before: Payment,
  after: Payment,
  refunds: { id: string; status: string; amountMinor: number }[],
): Promise<void> {
  const sessionId =
    (await tx.transaction.findFirst({ where: { paymentId: after.id }, select: { id: true } }))?.id ?? null;
  const base = {
    tenantId: after.tenantId,
    chargerId: after.chargerId,
    occurredAt: after.updatedAt,
  };
  const data = (amountMinor: number) => ({
    paymentId: after.id,
    sessionId,
    amountMinor,
    currency: after.currency,
    gateway: after.provider.toLowerCase(),
  });
  if (CAPTURED.has(after.status) && !CAPTURED.has(before.status)) {
    await enqueueEvent(tx, {
      ...base,
      id: eventIdOf('payment.captured', after.id),
      type: 'payment.captured',
      data: data(after.capturedMinor),
    });
  }
  if (after.status === 'FAILED' && before.status !== 'FAILED') {
    await enqueueEvent(tx, {
      ...base,
      id: eventIdOf('payment.failed', after.id),
      type: 'payment.failed',
      data: { ...data(after.amountMinor), reason: after.failureReason?.slice(0, 500) ?? null },
    });
  }
  // The refund's own amount; once per refund that the gateway processed.
  for (const r of refunds) {
    if (r.status !== 'PROCESSED') continue;
    await enqueueEvent(tx, {
      ...base,
      id: eventIdOf('payment.refunded', r.id),
      type: 'payment.refunded',
      data: { ...data(r.amountMinor), refundId: r.id },
    });
  }
}
