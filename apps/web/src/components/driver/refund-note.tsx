import type { DriverRefundView } from '@magma/core/driver';
import { driverT, type DriverT } from '@magma/i18n';
import { money } from './format.ts';

// What the receipt says about the unused money, said the same way on the driver's page.

/** The driver's refund in one sentence, in the receipt's words. */
export function refundText(r: DriverRefundView, currency: string, t: DriverT = driverT('en')): string {
  const amount = money(r.amountMinor, currency);
  switch (r.outcome) {
    case 'refunded':
      return r.status === 'PROCESSED' ? t('refund.processed', { amount }) : t('refund.onItsWay', { amount });
    case 'below-minimum':
      return t('refund.belowMinimum', { amount, minimum: money(r.minimumMinor, currency) });
    case 'declined':
      return t('refund.declined', { amount });
  }
}

/** The refund's row in the bill: refunded, or not refunded. */
export function RefundRow({ refund, currency, t }: { refund: DriverRefundView; currency: string; t: DriverT }) {
  return (
    <div className="flex justify-between font-semibold">
      <dt>{refund.outcome === 'refunded' ? t('bill.refunded') : t('bill.notRefunded')}</dt>
      <dd className="tabular-nums" data-testid="refund" data-refund={refund.outcome}>
        {money(refund.amountMinor, currency)}
      </dd>
    </div>
  );
}
