import type { DriverRefundView } from '@magma/core/driver';
import { money } from './format.ts';

// What the receipt says about the unused money, said the same way on the driver's page.

/** The driver's refund in one sentence, in the receipt's words. */
export function refundText(r: DriverRefundView, currency: string): string {
  const amount = money(r.amountMinor, currency);
  switch (r.outcome) {
    case 'refunded':
      return r.status === 'PROCESSED'
        ? `${amount} has been refunded to your original payment method.`
        : `${amount} is on its way back to your original payment method; banks usually take 5–7 working days.`;
    case 'below-minimum':
      return `${amount} of your prepaid amount was not refunded: it is below the ${money(r.minimumMinor, currency)} minimum refund of the payment gateway.`;
    case 'declined':
      return `The refund of ${amount} was declined by the payment gateway. The operator has been notified and will return it to you.`;
  }
}

/** The refund's row in the bill: refunded, or not refunded. */
export function RefundRow({ refund, currency }: { refund: DriverRefundView; currency: string }) {
  return (
    <div className="flex justify-between font-semibold">
      <dt>{refund.outcome === 'refunded' ? 'Refunded to you' : 'Not refunded'}</dt>
      <dd className="tabular-nums" data-testid="refund" data-refund={refund.outcome}>
        {money(refund.amountMinor, currency)}
      </dd>
    </div>
  );
}
