import { Button, Text } from '@react-email/components';
import type { Brand } from '../brand.ts';
import { EmailLayout, Facts, Heading, Paragraph } from '../components/layout.tsx';
import { formatDateTime, formatEnergy, formatMoney, formatQuantity } from '../format.ts';

export type ReceiptLine = {
  /** What is priced: "Energy", "Charging time", "Idle fee", "Session fee"… (from the tariff). */
  dimension: string;
  quantity: number;
  unit: string;
  unitPriceMinor: number;
  amountMinor: number;
  taxMinor: number;
};

export type SessionReceiptProps = {
  receiptNumber: string;
  chargerLabel: string;
  siteName?: string;
  startedAt: Date;
  endedAt: Date;
  energyWh: number;
  currency: string;
  lines: ReceiptLine[];
  /** Signed amounts after tax, e.g. a sponsor's share as a negative number. */
  adjustments?: { label: string; amountMinor: number }[];
  /** GST rate shown next to the tax line, in basis points. */
  taxRateBps?: number;
  paidMinor?: number;
  refundMinor?: number;
  /** Unused prepaid money that did not go back to the driver, and why. */
  unrefunded?: UnrefundedAmount;
  operatorGstNumber?: string;
  timeZone?: string;
  sessionUrl?: string;
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

export function sessionTotals(p: Pick<SessionReceiptProps, 'lines' | 'adjustments'>) {
  const subtotalMinor = p.lines.reduce((s, l) => s + l.amountMinor, 0);
  const taxMinor = p.lines.reduce((s, l) => s + l.taxMinor, 0);
  const adjustmentsMinor = (p.adjustments ?? []).reduce((s, a) => s + a.amountMinor, 0);
  return { subtotalMinor, taxMinor, totalMinor: subtotalMinor + taxMinor + adjustmentsMinor };
}

export const sessionReceiptSubject = (p: SessionReceiptProps, brand: Brand) =>
  `${brand.name} receipt ${p.receiptNumber}: ${formatMoney(sessionTotals(p).totalMinor, p.currency)} for ${formatEnergy(p.energyWh)}`;

const cell = { padding: '6px 4px', fontSize: 13, borderBottom: '1px solid #f0f1f3' } as const;
const num = { ...cell, textAlign: 'right' as const, whiteSpace: 'nowrap' as const };

export function SessionReceipt({ brand, ...p }: SessionReceiptProps & { brand: Brand }) {
  const money = (m: number) => formatMoney(m, p.currency);
  const { subtotalMinor, taxMinor, totalMinor } = sessionTotals(p);
  const taxLabel =
    p.taxRateBps !== undefined ? `GST (${(p.taxRateBps / 100).toFixed(p.taxRateBps % 100 ? 2 : 0)}%)` : 'Tax';
  return (
    <EmailLayout brand={brand} preview={`Your charging receipt: ${money(totalMinor)}`}>
      <Heading brand={brand}>Thanks for charging with {brand.name}</Heading>
      <Paragraph>Here is the receipt for your charging session.</Paragraph>
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
              <td style={num}>{l.unit ? `${money(l.unitPriceMinor)}/${l.unit}` : money(l.unitPriceMinor)}</td>
              <td style={num}>{money(l.amountMinor)}</td>
              <td style={num}>{money(l.taxMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Facts
        rows={[
          ['Subtotal', money(subtotalMinor)],
          [taxLabel, money(taxMinor)],
          ...(p.adjustments ?? []).map((a): [string, string] => [a.label, money(a.amountMinor)]),
          ['Total', money(totalMinor), true],
          ...(p.paidMinor !== undefined ? [['Paid in advance', money(p.paidMinor)] as [string, string]] : []),
          ...(p.refundMinor ? [['Refunded to you', money(p.refundMinor)] as [string, string]] : []),
          ...(p.unrefunded ? [['Not refunded', money(p.unrefunded.amountMinor)] as [string, string]] : []),
        ]}
      />
      {p.unrefunded ? <Paragraph>{unrefundedText(p.unrefunded, p.currency)}</Paragraph> : null}
      {p.refundMinor ? (
        <Paragraph>
          The unused {money(p.refundMinor)} is on its way back to your original payment method; banks usually take 5–7
          working days.
        </Paragraph>
      ) : null}
      {p.sessionUrl ? (
        <Button
          href={p.sessionUrl}
          style={{ backgroundColor: brand.accentColor, borderRadius: 6, color: '#ffffff', padding: '10px 18px' }}
        >
          View session
        </Button>
      ) : null}
      {p.operatorGstNumber ? (
        <Text style={{ color: '#6b7280', fontSize: 12 }}>
          {brand.name} · GSTIN {p.operatorGstNumber}
        </Text>
      ) : null}
    </EmailLayout>
  );
}
