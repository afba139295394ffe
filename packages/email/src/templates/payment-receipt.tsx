import { Button, Text } from '@react-email/components';
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
  /** A signed link that opens the driver's session page on any device, until `sessionUrlExpiresAt`. */
  sessionUrl?: string;
  sessionUrlExpiresAt?: Date;
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
      {p.sessionUrl ? (
        <>
          <Button
            href={p.sessionUrl}
            style={{ backgroundColor: brand.accentColor, borderRadius: 6, color: '#ffffff', padding: '10px 18px' }}
          >
            Follow your session
          </Button>
          <Text style={{ color: '#6b7280', fontSize: 12 }}>
            It opens your session on any phone or computer
            {p.sessionUrlExpiresAt ? ` until ${formatDateTime(p.sessionUrlExpiresAt, p.timeZone)}` : ''}.
          </Text>
        </>
      ) : null}
    </EmailLayout>
  );
}
