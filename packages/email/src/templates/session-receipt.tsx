import { Button, Text } from '@react-email/components';
import type { Brand } from '../brand.ts';
import { EmailLayout, Facts, Heading, Paragraph } from '../components/layout.tsx';
import { formatDateTime, formatEnergy, formatMoney, formatQuantity } from '../format.ts';
import { REFUND_TIME, refundTaxNote } from './refund-terms.ts';

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
  /** The part a sponsor pays. */
  sponsor?: ReceiptAmount & { label: string };
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
};

export type UnrefundedAmount =
  /** Less than the payment gateway refunds at all. */
  | { reason: 'below-minimum'; amountMinor: number; minimumMinor: number }
  /** The payment gateway refused the refund; the operator returns it another way. */
  | { reason: 'declined'; amountMinor: number };

/** What the receipt says about unused money that was not refunded. */
export function unrefundedText(u: UnrefundedAmount, currency: string): string {
  const money = (m: number) => formatMoney(m, currency);
  return u.reason === 'below-minimum'
    ? `${money(u.amountMinor)} of your prepaid amount was not refunded: it is below the ${money(u.minimumMinor)} minimum refund of the payment gateway.`
    : `The refund of the unused ${money(u.amountMinor)} was declined by the payment gateway. The operator has been notified and will return it to you.`;
}

export const sessionReceiptSubject = (p: SessionReceiptProps, brand: Brand) =>
  `${brand.name} receipt ${p.receiptNumber}: ${formatMoney(p.driver.totalMinor, p.currency)} for ${formatEnergy(p.energyWh)}`;

const cell = { padding: '6px 4px', fontSize: 13, borderBottom: '1px solid #f0f1f3' } as const;
const num = { ...cell, textAlign: 'right' as const, whiteSpace: 'nowrap' as const };

type Row = [label: string, value: string, strong?: boolean];

/** The totals as a tax invoice reads: the price, who else pays part of it, the driver's share. */
function totalRows(p: SessionReceiptProps, money: (m: number) => string, gst: string): Row[] {
  const shared = Boolean(p.sponsor?.totalMinor || p.writtenOff?.totalMinor);
  if (!shared) {
    return [
      ['Taxable value', money(p.driver.taxableMinor)],
      [gst, money(p.driver.taxMinor)],
      ['Total', money(p.driver.totalMinor), true],
    ];
  }
  const rows: Row[] = [
    ['Charges before tax', money(p.charges.taxableMinor)],
    [gst, money(p.charges.taxMinor)],
    ['Charges', money(p.charges.totalMinor)],
  ];
  if (p.sponsor?.totalMinor) {
    rows.push([
      `${p.sponsor.label} (${money(p.sponsor.taxableMinor)} + ${gst} ${money(p.sponsor.taxMinor)})`,
      money(-p.sponsor.totalMinor),
    ]);
  }
  if (p.writtenOff?.totalMinor) {
    rows.push(['Beyond your prepaid amount, waived', money(-p.writtenOff.totalMinor)]);
  }
  rows.push(
    ['Your taxable value', money(p.driver.taxableMinor)],
    [`Your ${gst}`, money(p.driver.taxMinor)],
    ['Total you pay', money(p.driver.totalMinor), true],
  );
  return rows;
}

export function SessionReceipt({ brand, ...p }: SessionReceiptProps & { brand: Brand }) {
  const money = (m: number) => formatMoney(m, p.currency);
  const gst = p.taxRateBps !== undefined ? `GST (${(p.taxRateBps / 100).toFixed(p.taxRateBps % 100 ? 2 : 0)}%)` : 'Tax';
  return (
    <EmailLayout brand={brand} preview={`Your charging receipt: ${money(p.driver.totalMinor)}`}>
      <Heading brand={brand}>Thanks for charging with {brand.name}</Heading>
      <Paragraph>
        Here is the receipt for your charging session{p.refund ? ', and the refund of what it did not use' : ''}.
      </Paragraph>
      <Facts
        rows={[
          ['Receipt', p.receiptNumber],
          ['Charger', p.siteName ? `${p.chargerLabel}, ${p.siteName}` : p.chargerLabel],
          ['Started', formatDateTime(p.startedAt, p.timeZone)],
          ['Ended', formatDateTime(p.endedAt, p.timeZone)],
          ['Energy delivered', formatEnergy(p.energyWh)],
        ]}
      />
      <table width="100%" cellPadding={0} cellSpacing={0} role="presentation" style={{ borderCollapse: 'collapse' }}>
        <thead>
          <tr style={{ color: '#6b7280', fontSize: 12, textAlign: 'left' }}>
            <th style={cell}>Item</th>
            <th style={num}>Quantity</th>
            <th style={num}>Unit price</th>
            <th style={num}>Amount</th>
            <th style={num}>Tax</th>
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
          ...totalRows(p, money, gst),
          ...(p.paidMinor !== undefined ? [['Paid in advance', money(p.paidMinor)] as Row] : []),
          ...(p.refund ? [['Refunded to you', money(p.refund.amountMinor)] as Row] : []),
          ...(p.refund ? [['Refund reference', p.refund.reference] as Row] : []),
          ...(p.refund?.paymentReference ? [['Payment reference', p.refund.paymentReference] as Row] : []),
          ...(p.unrefunded ? [['Not refunded', money(p.unrefunded.amountMinor)] as Row] : []),
        ]}
      />
      {p.writtenOff?.totalMinor ? (
        <Paragraph>
          The session went past your prepaid amount. The {money(p.writtenOff.totalMinor)} beyond it is waived by{' '}
          {brand.name}: it is not charged to you, and no GST on it is charged to you either.
        </Paragraph>
      ) : null}
      {p.unrefunded ? <Paragraph>{unrefundedText(p.unrefunded, p.currency)}</Paragraph> : null}
      {p.refund ? (
        <Paragraph>
          The unused {money(p.refund.amountMinor)} of your prepaid amount is on its way back to your original payment
          method; banks usually take {REFUND_TIME} to show it. {refundTaxNote('unused')}
        </Paragraph>
      ) : null}
      {p.sessionUrl ? (
        <>
          <Button
            href={p.sessionUrl}
            style={{ backgroundColor: brand.accentColor, borderRadius: 6, color: '#ffffff', padding: '10px 18px' }}
          >
            Your session
          </Button>
          <Text style={{ color: '#6b7280', fontSize: 12 }}>
            It opens this session on any phone or computer
            {p.sessionUrlExpiresAt ? ` until ${formatDateTime(p.sessionUrlExpiresAt, p.timeZone)}` : ''}.
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
