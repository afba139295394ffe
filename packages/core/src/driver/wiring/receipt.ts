import type { TaxedAmount } from '../../tariffs/billed-amounts.ts';
import type { DriverMailPort } from '../types.ts';

// The session receipt's content from a settlement, in the shape the email template takes (the
// email package's SessionReceiptProps, less the operator's GSTIN the wiring adds): one email per
// session, which also carries the refund of what the prepaid amount did not use.

type ReceiptAmount = { taxableMinor: number; taxMinor: number; totalMinor: number };

export type SessionReceiptContent = {
  receiptNumber: string;
  chargerLabel: string;
  siteName?: string;
  startedAt: Date;
  endedAt: Date;
  energyWh: number;
  currency: string;
  lines: {
    dimension: string;
    quantity: number;
    unit: string;
    unitPriceMinor: number;
    per: string;
    amountMinor: number;
    taxMinor: number;
  }[];
  charges: ReceiptAmount;
  sponsor?: ReceiptAmount;
  writtenOff?: ReceiptAmount;
  driver: ReceiptAmount;
  taxRateBps: number;
  paidMinor?: number;
  refund?: { amountMinor: number; reference: string; paymentReference?: string };
  unrefunded?:
    | { reason: 'below-minimum'; amountMinor: number; minimumMinor: number }
    | { reason: 'declined'; amountMinor: number };
  timeZone: string;
  /** Opens the session on any device until it expires (a signed link). */
  sessionUrl?: string;
  sessionUrlExpiresAt?: Date;
};

const amount = (a: TaxedAmount): ReceiptAmount => ({
  taxableMinor: a.taxableMinor,
  taxMinor: a.taxMinor,
  totalMinor: a.grossMinor,
});

export const receiptNumberOf = (sessionId: string) => sessionId.slice(0, 8).toUpperCase();

export function sessionReceiptContent(r: Parameters<DriverMailPort['sendSessionReceipt']>[0]): SessionReceiptContent {
  const receiptNumber = receiptNumberOf(r.sessionId);
  const { amounts } = r.priced;
  return {
    receiptNumber,
    chargerLabel: r.chargerLabel,
    ...(r.siteName ? { siteName: r.siteName } : {}),
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    energyWh: r.energyWh,
    currency: r.priced.currency,
    lines: r.priced.lines.map((l) => ({
      dimension: l.label,
      quantity: l.quantityValue,
      unit: l.unit === 'session' ? '' : l.unit,
      unitPriceMinor: l.unitPriceMinor,
      per: l.per,
      amountMinor: l.amountMinor,
      taxMinor: l.taxMinor,
    })),
    charges: amount(amounts.rated),
    ...(amounts.sponsor.grossMinor ? { sponsor: amount(amounts.sponsor) } : {}),
    ...(amounts.writtenOff.grossMinor ? { writtenOff: amount(amounts.writtenOff) } : {}),
    driver: amount(amounts.driver),
    taxRateBps: r.priced.taxRateBps,
    ...(r.paidMinor ? { paidMinor: r.paidMinor } : {}),
    ...(r.refundMinor > 0
      ? {
          refund: {
            amountMinor: r.refundMinor,
            reference: `${receiptNumber}-R`,
            ...(r.paymentId ? { paymentReference: r.paymentId.slice(0, 8).toUpperCase() } : {}),
          },
        }
      : {}),
    ...(r.unrefunded ? { unrefunded: r.unrefunded } : {}),
    timeZone: r.timeZone,
    ...(r.sessionLink ? { sessionUrl: r.sessionLink.url, sessionUrlExpiresAt: r.sessionLink.expiresAt } : {}),
  };
}

/** The payment email's content (the email package's PaymentReceiptProps) from the mail port's input. */
export function paymentReceiptContent(r: Parameters<NonNullable<DriverMailPort['sendPaymentReceipt']>>[0]) {
  return {
    reference: r.paymentId.slice(0, 8).toUpperCase(),
    amountMinor: r.amountMinor,
    currency: r.currency,
    paidAt: r.paidAt,
    description: `${r.chargerLabel}${r.siteName ? `, ${r.siteName}` : ''}`,
    ...(r.gatewayReference ? { gatewayReference: r.gatewayReference } : {}),
    timeZone: r.timeZone,
    ...(r.sessionLink ? { sessionUrl: r.sessionLink.url, sessionUrlExpiresAt: r.sessionLink.expiresAt } : {}),
  };
}
