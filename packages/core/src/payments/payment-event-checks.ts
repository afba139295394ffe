import type { GatewayEvent } from '@magma/payments';
import { minorToDecimal } from '@magma/payments';

// A validly signed event is the gateway's word, not the truth about our order: a capture of another
// amount or in another currency than the order, a refund of more than was captured, a negative or
// zero refund are all refused here (pure, so every case is tested without a database). A refused
// event changes nothing; the caller keeps it for review and audits it.

export type OrderFacts = { amountMinor: number; currency: string; capturedMinor: number };

export type RefundRowFacts = { id: string; status: string; amountMinor: number };

/**
 * Why this event must not be applied to the payment, or null when it may be. `refunds` are the
 * payment's Refund rows; `refundRowId` the row a refund event updates (null when it adds one).
 */
export function rejectionOf(
  payment: OrderFacts,
  event: Pick<GatewayEvent, 'type' | 'amountMinor' | 'currency'>,
  refunds: readonly RefundRowFacts[] = [],
  refundRowId: string | null = null,
): string | null {
  if (!Number.isSafeInteger(event.amountMinor)) return `amount ${String(event.amountMinor)} is not whole minor units`;
  const currency = event.currency.trim().toUpperCase();
  if (currency !== payment.currency) {
    return `currency ${currency} is not the order's ${payment.currency}`;
  }
  switch (event.type) {
    case 'payment.authorized':
    case 'payment.captured': {
      if (event.amountMinor !== payment.amountMinor) {
        const what = event.type === 'payment.captured' ? 'captured' : 'authorized';
        return `${what} ${money(event.amountMinor, currency)} on an order of ${money(payment.amountMinor, currency)}`;
      }
      return null;
    }
    case 'payment.failed':
      return null;
    case 'refund.created':
    case 'refund.processed':
    case 'refund.failed': {
      if (event.amountMinor <= 0) return `refund of ${money(event.amountMinor, currency)} is not a positive amount`;
      // A failed refund returned nothing, so it cannot take more than was paid.
      if (event.type === 'refund.failed') return null;
      // A refund can be heard of before its capture; the order amount bounds it until then (a capture
      // of any other amount is refused above).
      const base = payment.capturedMinor > 0 ? payment.capturedMinor : payment.amountMinor;
      const others = refunds
        .filter((r) => r.id !== refundRowId && r.status !== 'FAILED')
        .reduce((n, r) => n + r.amountMinor, 0);
      if (others + event.amountMinor > base) {
        return `refund of ${money(event.amountMinor, currency)} with ${money(others, currency)} already refunded exceeds the ${money(base, currency)} paid`;
      }
      return null;
    }
  }
}

function money(minor: number, currency: string): string {
  return `${currency} ${minorToDecimal(minor)}`;
}
