import type { AdjustmentRefundView } from '@magma/core/driver';
import { driverT, type DriverT } from '@magma/i18n';
import { money } from './format.ts';

// What the driver's page says about money the charger's own late stop showed was charged too much.

/** Money the charger's own late stop showed was charged too much, in one sentence. */
export function adjustmentRefundText(r: AdjustmentRefundView, currency: string, t: DriverT = driverT('en')): string {
  const lead = t('adjustment.lead', { owed: money(r.owedMinor, currency) });
  switch (r.outcome) {
    case 'refunded':
      return r.status === 'PROCESSED'
        ? t('adjustment.processed', { lead, amount: money(r.amountMinor, currency) })
        : t('adjustment.onItsWay', { lead, amount: money(r.amountMinor, currency) });
    case 'sending':
      return t('adjustment.sending', { lead });
    case 'below-minimum':
      return t('adjustment.belowMinimum', { lead, minimum: money(r.minimumMinor, currency) });
    case 'declined':
      return t('adjustment.declined', { lead });
  }
}
