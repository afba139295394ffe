import type { Brand } from '../brand.ts';
import { EmailLayout, Facts, Heading, Paragraph } from '../components/layout.tsx';
import { formatMoney } from '../format.ts';

export type RefundNoticeProps = {
  refundReference: string;
  paymentReference: string;
  amountMinor: number;
  currency: string;
  reason: string;
  /** Working days the bank usually takes; shown as a range upper bound. */
  expectedWorkingDays?: number;
};

export const refundNoticeSubject = (p: RefundNoticeProps, brand: Brand) =>
  `${brand.name}: ${formatMoney(p.amountMinor, p.currency)} refunded`;

export function RefundNotice({ brand, ...p }: RefundNoticeProps & { brand: Brand }) {
  const amount = formatMoney(p.amountMinor, p.currency);
  return (
    <EmailLayout brand={brand} preview={`${amount} is on its way back to you`}>
      <Heading brand={brand}>Your refund is on its way</Heading>
      <Paragraph>
        We have refunded {amount} to your original payment method. {p.reason}
      </Paragraph>
      <Facts
        rows={[
          ['Refund', amount],
          ['Refund reference', p.refundReference],
          ['Payment reference', p.paymentReference],
        ]}
      />
      <Paragraph>
        Banks usually take up to {p.expectedWorkingDays ?? 7} working days to show it on your statement.
      </Paragraph>
    </EmailLayout>
  );
}
