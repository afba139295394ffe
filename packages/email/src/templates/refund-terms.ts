// What every email says about refunds, said once: how long banks take, and the refund's tax.
import { emailT, type Locale } from '@magma/i18n';

/** How long a refund takes to show on the driver's statement, in every email that mentions one. */
export const REFUND_TIME = '5–7 working days';

export const refundTime = (locale: Locale = 'en'): string => emailT(locale)('refund.time');

/**
 * The tax treatment of a refund of prepaid money: it is the unused part of an advance (or all of it
 * when nothing was supplied), so it carries no GST, and no credit note adjusts the receipt's GST.
 */
export function refundTaxNote(kind: 'unused' | 'whole', locale: Locale = 'en'): string {
  const t = emailT(locale);
  return kind === 'unused' ? t('refund.taxUnused') : t('refund.taxWhole');
}
