import type { PaymentModel as Payment, Prisma } from '@magma/db';
import { emitPaymentEvents } from './payment-events.ts';
import { applySignal, refundTotals, type PaymentSignal } from './payment-state.ts';

// Shared by the payment use cases: every change to a Payment happens inside a transaction that
// first takes the row lock, so webhooks, refunds and retries touching one payment run one at a time.

export type Tx = Prisma.TransactionClient;

/** Locks the payment row (SELECT … FOR UPDATE) and returns its current values, or null. */
export async function lockPayment(
  tx: Tx,
  { tenantId, paymentId }: { tenantId: string; paymentId: string },
): Promise<Payment | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Payment" WHERE id = ${paymentId}::uuid AND "tenantId" = ${tenantId}::uuid FOR UPDATE`;
  if (rows.length === 0) return null;
  return tx.payment.findUnique({ where: { id: paymentId } });
}

/** Recomputes refund totals from the Refund rows, applies the signal and writes the payment. */
export async function settlePayment(
  tx: Tx,
  payment: Payment,
  change: {
    signal: PaymentSignal | null;
    amountMinor?: number;
    providerPaymentId?: string | null;
    failureReason?: string | null;
    /** The gateway's fee on the payment (tax included) and its tax, where the capture reports them. */
    feeMinor?: number | null;
    taxMinor?: number | null;
  },
): Promise<Payment> {
  const refunds = await tx.refund.findMany({
    where: { paymentId: payment.id },
    select: { id: true, status: true, amountMinor: true },
  });
  const next = applySignal(payment, change.signal, change.amountMinor ?? 0, refundTotals(refunds));
  const progressed = next.status !== payment.status;
  const updated = await tx.payment.update({
    where: { id: payment.id },
    data: {
      status: next.status,
      capturedMinor: next.capturedMinor,
      refundedMinor: next.refundedMinor,
      // Remember the gateway's payment id the first time we learn it, or when it moved us forward.
      ...(change.providerPaymentId && (!payment.providerPaymentId || (progressed && change.signal !== 'failed'))
        ? { providerPaymentId: change.providerPaymentId }
        : {}),
      ...(next.status === 'FAILED' && change.failureReason ? { failureReason: change.failureReason } : {}),
      ...(isMinor(change.feeMinor) ? { gatewayFeeMinor: change.feeMinor } : {}),
      ...(isMinor(change.taxMinor) ? { gatewayTaxMinor: change.taxMinor } : {}),
    },
  });
  await emitPaymentEvents(tx, payment, updated, refunds);
  return updated;
}

const isMinor = (v: number | null | undefined): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
