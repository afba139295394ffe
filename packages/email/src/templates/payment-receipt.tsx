import type { Brand } from '../brand.ts';
import { EmailLayout, Facts, Heading, Paragraph } from '../components/layout.tsx';
import { formatDateTime, formatMoney } from '../format.ts';

export type PaymentReceiptProps = {
  reference: string;
  amountMinor: number;
  currency: string;
  paidAt: Date;
  description: string;
  method?: string;
  gatewayReference?: string;
  timeZone?: string;
};

export const paymentReceiptSubject = (p: PaymentReceiptProps, brand: Brand) =>
  `${brand.name}: payment of ${formatMoney(p.amountMinor, p.currency)} received`;

export function PaymentReceipt({ brand, ...p }: PaymentReceiptProps & { brand: Brand }) {
  const amount = formatMoney(p.amountMinor, p.currency);
  return (
    <EmailLayout brand={brand} preview={`We received ${amount}`}>
      <Heading brand={brand}>Payment received</Heading>
      <Paragraph>
        We received your payment of {amount} for {p.description}.
      </Paragraph>
      <Facts
        rows={[
          ['Amount', amount],
          ['Paid on', formatDateTime(p.paidAt, p.timeZone)],
          ['Reference', p.reference],
          ...(p.method ? [['Method', p.method] as [string, string]] : []),
          ...(p.gatewayReference ? [['Gateway reference', p.gatewayReference] as [string, string]] : []),
        ]}
      />
    </EmailLayout>
  );
}
