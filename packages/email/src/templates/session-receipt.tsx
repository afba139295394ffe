import { Button, Text } from '@react-email/components';
import { emailT, type EmailT, type Locale } from '@magma/i18n';
import type { Brand } from '../brand.ts';
import { EmailLayout, Facts, Heading, Paragraph } from '../components/layout.tsx';
import { formatDateTime, formatEnergy, formatMoney, formatQuantity } from '../format.ts';
import { refundTaxNote, refundTime } from './refund-terms.ts';

export type ReceiptLine = {
  /** What is priced: "Energy", "Charging time", "Idle fee", "Session fee"… (from the tariff). */
  dimension: string;
  quantity: number;
  /** The quantity's unit: "kWh", "min", "" for a session. */
  unit: string;
  /** Price per `per` as the tariff states it ("h" for ₹60/hour even when the quantity is in minutes). */
  unitPriceMinor: number;
  per: string;
  amountMinor: number;
  taxMinor: number;
};

/** An amount as a tax invoice states it: taxable value, its tax, and the two together. */
export type ReceiptAmount = { taxableMinor: number; taxMinor: number; totalMinor: number };

export type SessionReceiptProps = {
  receiptNumber: string;
  chargerLabel: string;
  siteName?: string;
  startedAt: Date;
  endedAt: Date;
  energyWh: number;
  currency: string;
  lines: ReceiptLine[];
  /** The tariff's price of the session (the lines and their tax). */
  charges: ReceiptAmount;
  /** The part a sponsor pays, under the sponsor's own label or "Paid by the sponsor" in the reader's language. */
  sponsor?: ReceiptAmount & { label?: string };
  /** The part beyond a prepaid amount: not billed to the driver, borne by the operator. */
  writtenOff?: ReceiptAmount;
  /** What the driver is billed: their taxable value, their GST, what they pay. */
  driver: ReceiptAmount;
  /** GST rate shown next to the tax lines, in basis points. */
  taxRateBps?: number;
  paidMinor?: number;
  /** The unused prepaid money sent back: this receipt is also the refund's notice. */
  refund?: { amountMinor: number; reference: string; paymentReference?: string };
  /** Unused prepaid money that did not go back to the driver, and why. */
  unrefunded?: UnrefundedAmount;
  operatorGstNumber?: string;
  timeZone?: string;
  /** A signed link that opens the driver's session page on any device, until `sessionUrlExpiresAt`. */
  sessionUrl?: string;
  sessionUrlExpiresAt?: Date;
  /** The driver's language (chosen on the driver pages); English when not given. */
  locale?: Locale;
};

export type UnrefundedAmount =
  /** Less than the payment gateway refunds at all. */
  | { reason: 'below-minimum'; amountMinor: number; minimumMinor: number }
  /** The payment gateway refused the refund; the operator returns it another way. */
  | { reason: 'declined'; amountMinor: number };

/** What the receipt says about unused money that was not refunded. */
export function unrefundedText(u: UnrefundedAmount, currency: string, locale: Locale = 'en'): string {
  const money = (m: number) => formatMoney(m, currency);
  const t = emailT(locale);
  return u.reason === 'below-minimum'
    ? t('receipt.belowMinimum', { amount: money(u.amountMinor), minimum: money(u.minimumMinor) })
    : t('receipt.declined', { amount: money(u.amountMinor) });
}

export const sessionReceiptSubject = (p: SessionReceiptProps, brand: Brand) =>
  emailT(p.locale ?? 'en')('receipt.subject', {
    operator: brand.name,
    number: p.receiptNumber,
    amount: formatMoney(p.driver.totalMinor, p.currency),
    energy: formatEnergy(p.energyWh),
  });

const cell = { padding: '6px 4px', fontSize: 13, borderBottom: '1px solid #f0f1f3' } as const;
const num = { ...cell, textAlign: 'right' as const, whiteSpace: 'nowrap' as const };

type Row = [label: string, value: string, strong?: boolean];

/** The totals as a tax invoice reads: the price, who else pays part of it, the driver's share. */
function totalRows(p: SessionReceiptProps, money: (m: number) => string, gst: string, t: EmailT): Row[] {
  const shared = Boolean(p.sponsor?.totalMinor || p.writtenOff?.totalMinor);
  if (!shared) {
    return [
      [t('receipt.taxable'), money(p.driver.taxableMinor)],
      [gst, money(p.driver.taxMinor)],
      [t('receipt.total'), money(p.driver.totalMinor), true],
    ];
  }
  const rows: Row[] = [
    [t('receipt.chargesBeforeTax'), money(p.charges.taxableMinor)],
    [gst, money(p.charges.taxMinor)],
    [t('receipt.charges'), money(p.charges.totalMinor)],
  ];
  if (p.sponsor?.totalMinor) {
    rows.push([
      `${p.sponsor.label ?? t('receipt.sponsorDefault')} (${money(p.sponsor.taxableMinor)} + ${gst} ${money(p.sponsor.taxMinor)})`,
      money(-p.sponsor.totalMinor),
    ]);
  }
  if (p.writtenOff?.totalMinor) {
    rows.push([t('receipt.writtenOff'), money(-p.writtenOff.totalMinor)]);
  }
  rows.push(
    [t('receipt.yourTaxable'), money(p.driver.taxableMinor)],
    [t('receipt.yourGst', { gst }), money(p.driver.taxMinor)],
    [t('receipt.totalYouPay'), money(p.driver.totalMinor), true],
  );
  return rows;
}

export function SessionReceipt({ brand, ...p }: SessionReceiptProps & { brand: Brand }) {
  const money = (m: number) => formatMoney(m, p.currency);
  const locale = p.locale ?? 'en';
  const t = emailT(locale);
  const gst =
    p.taxRateBps !== undefined
      ? t('receipt.gst', { rate: (p.taxRateBps / 100).toFixed(p.taxRateBps % 100 ? 2 : 0) })
      : t('receipt.tax');
  return (
    <EmailLayout brand={brand} locale={locale} preview={t('receipt.preview', { amount: money(p.driver.totalMinor) })}>
      <Heading brand={brand}>{t('receipt.heading', { operator: brand.name })}</Heading>
      <Paragraph>{p.refund ? t('receipt.introRefund') : t('receipt.intro')}</Paragraph>
      <Facts
        rows={[
          [t('receipt.receipt'), p.receiptNumber],
          [t('receipt.charger'), p.siteName ? `${p.chargerLabel}, ${p.siteName}` : p.chargerLabel],
          [t('receipt.started'), formatDateTime(p.startedAt, p.timeZone, locale)],
          [t('receipt.ended'), formatDateTime(p.endedAt, p.timeZone, locale)],
          [t('receipt.energy'), formatEnergy(p.energyWh)],
        ]}
      />
      <table width="100%" cellPadding={0} cellSpacing={0} role="presentation" style={{ borderCollapse: 'collapse' }}>
        <thead>
          <tr style={{ color: '#6b7280', fontSize: 12, textAlign: 'left' }}>
            <th style={cell}>{t('receipt.item')}</th>
            <th style={num}>{t('receipt.quantity')}</th>
            <th style={num}>{t('receipt.unitPrice')}</th>
            <th style={num}>{t('receipt.amount')}</th>
            <th style={num}>{t('receipt.tax')}</th>
          </tr>
        </thead>
        <tbody>
          {p.lines.map((l, i) => (
            <tr key={`${l.dimension}-${i}`}>
              <td style={cell}>{l.dimension}</td>
              <td style={num}>{formatQuantity(l.quantity, l.unit)}</td>
              <td style={num}>
                {l.per && l.per !== 'session' ? `${money(l.unitPriceMinor)}/${l.per}` : money(l.unitPriceMinor)}
              </td>
              <td style={num}>{money(l.amountMinor)}</td>
              <td style={num}>{money(l.taxMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Facts
        rows={[
          ...totalRows(p, money, gst, t),
          ...(p.paidMinor !== undefined ? [[t('receipt.paidInAdvance'), money(p.paidMinor)] as Row] : []),
          ...(p.refund ? [[t('receipt.refunded'), money(p.refund.amountMinor)] as Row] : []),
          ...(p.refund ? [[t('receipt.refundReference'), p.refund.reference] as Row] : []),
          ...(p.refund?.paymentReference ? [[t('receipt.paymentReference'), p.refund.paymentReference] as Row] : []),
          ...(p.unrefunded ? [[t('receipt.notRefunded'), money(p.unrefunded.amountMinor)] as Row] : []),
        ]}
      />
      {p.writtenOff?.totalMinor ? (
        <Paragraph>
          {t('receipt.writtenOffNote', { amount: money(p.writtenOff.totalMinor), operator: brand.name })}
        </Paragraph>
      ) : null}
      {p.unrefunded ? <Paragraph>{unrefundedText(p.unrefunded, p.currency, locale)}</Paragraph> : null}
      {p.refund ? (
        <Paragraph>
          {t('receipt.refundNote', {
            amount: money(p.refund.amountMinor),
            time: refundTime(locale),
            tax: refundTaxNote('unused', locale),
          })}
        </Paragraph>
      ) : null}
      {p.sessionUrl ? (
        <>
          <Button
            href={p.sessionUrl}
            style={{ backgroundColor: brand.accentColor, borderRadius: 6, color: '#ffffff', padding: '10px 18px' }}
          >
            {t('receipt.sessionButton')}
          </Button>
          <Text style={{ color: '#6b7280', fontSize: 12 }}>
            {p.sessionUrlExpiresAt
              ? t('receipt.sessionLinkUntil', { until: formatDateTime(p.sessionUrlExpiresAt, p.timeZone, locale) })
              : t('receipt.sessionLink')}
          </Text>
        </>
      ) : null}
      {p.operatorGstNumber ? (
        <Text style={{ color: '#6b7280', fontSize: 12 }}>
          {brand.name} · GSTIN {p.operatorGstNumber}
        </Text>
      ) : null}
    </EmailLayout>
  );
}
