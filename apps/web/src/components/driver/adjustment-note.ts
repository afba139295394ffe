import type { AdjustmentRefundView } from '@magma/core/driver';
import { money } from './format.ts';

// What the driver's page says about money the charger's own late stop showed was charged too much.

/** Money the charger's own late stop showed was charged too much, in one sentence. */
export function adjustmentRefundText(r: AdjustmentRefundView, currency: string): string {
  const owed = money(r.owedMinor, currency);
  const lead = `The charger's final reading came to ${owed} less than you were charged`;
  switch (r.outcome) {
    case 'refunded':
      return r.status === 'PROCESSED'
        ? `${lead}: ${money(r.amountMinor, currency)} has been refunded to your original payment method.`
        : `${lead}: ${money(r.amountMinor, currency)} is on its way back to your original payment method; banks usually take 5–7 working days.`;
    case 'sending':
      return `${lead}: it is being refunded to your original payment method.`;
    case 'below-minimum':
      return `${lead}; it was not refunded: it is below the ${money(r.minimumMinor, currency)} minimum refund of the payment gateway.`;
    case 'declined':
      return `${lead}; the payment gateway declined the refund. The operator has been notified and will return it to you.`;
  }
}
