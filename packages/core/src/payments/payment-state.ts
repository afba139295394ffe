import type { PaymentStatus } from '@magma/db';

// The payment state machine, pure so every ordering of webhooks can be tested without a database.
// The Payment.status column holds two things at once: how far the payment itself got (created →
// authorized → captured, or failed) and, once captured, how much of it went back. Refund totals
// are always recomputed from the Refund rows, never incremented, so seeing a refund twice cannot
// count it twice.

export type PaymentSnapshot = {
  status: PaymentStatus;
  amountMinor: number;
  capturedMinor: number;
};

export type RefundTotals = { refundedMinor: number; pendingMinor: number };

type Lifecycle = 'CREATED' | 'AUTHORIZED' | 'CAPTURED' | 'FAILED';

export type PaymentSignal = 'authorized' | 'captured' | 'failed' | 'refund';

function lifecycleOf(status: PaymentStatus): Lifecycle {
  if (status === 'CREATED' || status === 'AUTHORIZED' || status === 'FAILED') return status;
  // Every refund state implies the money was captured first.
  return 'CAPTURED';
}

/** How far the payment itself got after a signal; it only ever moves forward. */
export function nextLifecycle(current: Lifecycle, signal: PaymentSignal): Lifecycle {
  switch (signal) {
    case 'authorized':
      // A failed attempt can be followed by a successful one on the same order.
      return current === 'CREATED' || current === 'FAILED' ? 'AUTHORIZED' : current;
    case 'captured':
    case 'refund':
      return 'CAPTURED';
    case 'failed':
      // A late failure of an earlier attempt must not undo a later success.
      return current === 'CREATED' ? 'FAILED' : current;
  }
}

/** The status column for a lifecycle and the refunds recorded so far. */
export function deriveStatus(
  lifecycle: Lifecycle,
  p: { amountMinor: number; capturedMinor: number },
  refunds: RefundTotals,
): PaymentStatus {
  if (refunds.refundedMinor > 0) {
    // A refund may arrive before the capture it belongs to; until then the order amount is the base.
    const base = p.capturedMinor > 0 ? p.capturedMinor : p.amountMinor;
    return refunds.refundedMinor >= base ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  }
  if (refunds.pendingMinor > 0) return 'REFUND_PENDING';
  return lifecycle;
}

export type PaymentUpdate = { status: PaymentStatus; capturedMinor: number; refundedMinor: number };

/** Applies one signal (with its amount) and the current refund totals to a payment. */
export function applySignal(
  p: PaymentSnapshot,
  signal: PaymentSignal | null,
  amountMinor: number,
  refunds: RefundTotals,
): PaymentUpdate {
  const lifecycle = signal ? nextLifecycle(lifecycleOf(p.status), signal) : lifecycleOf(p.status);
  // Captures are set, not added: two capture events for one order are one capture.
  const capturedMinor = signal === 'captured' ? Math.max(p.capturedMinor, amountMinor) : p.capturedMinor;
  return {
    status: deriveStatus(lifecycle, { amountMinor: p.amountMinor, capturedMinor }, refunds),
    capturedMinor,
    refundedMinor: refunds.refundedMinor,
  };
}

export type RefundRowStatus = 'PENDING' | 'PROCESSED' | 'FAILED';

/** A refund row's status only moves forward: a late "created" never reopens a processed refund. */
export function nextRefundStatus(current: RefundRowStatus | null, incoming: RefundRowStatus): RefundRowStatus {
  if (current === 'PROCESSED') return 'PROCESSED';
  if (current === 'FAILED' && incoming === 'PENDING') return 'FAILED';
  return incoming;
}

export function refundTotals(rows: { status: string; amountMinor: number }[]): RefundTotals {
  let refundedMinor = 0;
  let pendingMinor = 0;
  for (const r of rows) {
    if (r.status === 'PROCESSED') refundedMinor += r.amountMinor;
    else if (r.status === 'PENDING') pendingMinor += r.amountMinor;
  }
  return { refundedMinor, pendingMinor };
}
