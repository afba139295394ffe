// What every email says about refunds, said once: how long banks take, and the refund's tax.

/** How long a refund takes to show on the driver's statement, in every email that mentions one. */
export const REFUND_TIME = '5–7 working days';

/**
 * The tax treatment of a refund of prepaid money: it is the unused part of an advance (or all of it
 * when nothing was supplied), so it carries no GST, and no credit note adjusts the receipt's GST.
 */
export function refundTaxNote(kind: 'unused' | 'whole'): string {
  return kind === 'unused'
    ? 'The refund carries no GST: GST is charged only on the charging you used, as shown above.'
    : 'The refund carries no GST: no charging was supplied, so none was charged.';
}
