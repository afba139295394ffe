import type { Brand } from '../brand.ts';
import { EmailLayout, Facts, Heading, Paragraph } from '../components/layout.tsx';
import { formatMoney } from '../format.ts';
import { REFUND_TIME, refundTaxNote } from './refund-terms.ts';

/** The whole payment went back because the charger never started (the only email of that session). */
export type RefundNoticeProps = {
  refundReference: string;
  paymentReference: string;
  amountMinor: number;
  currency: string;
  /** Why, as a sentence or a clause: "The charger did not start, so nothing was charged". */
  reason: string;
};

export const refundNoticeSubject = (p: RefundNoticeProps, brand: Brand) =>
  `${brand.name}: ${formatMoney(p.amountMinor, p.currency)} refunded`;

/** One full stop at the end, whether the caller gave one or not. */
const sentence = (s: string) => `${s.trim().replace(/[.\s]+$/, '')}.`;

export function RefundNotice({ brand, ...p }: RefundNoticeProps & { brand: Brand }) {
  const amount = formatMoney(p.amountMinor, p.currency);
  return (
    <EmailLayout brand={brand} preview={`${amount} is on its way back to you`}>
      <Heading brand={brand}>Your refund is on its way</Heading>
      <Paragraph>
        We have refunded {amount} to your original payment method. {sentence(p.reason)}
      </Paragraph>
      <Facts
        rows={[
          ['Refund', amount],
          ['Refund reference', p.refundReference],
          ['Payment reference', p.paymentReference],
        ]}
      />
      <Paragraph>
        Banks usually take {REFUND_TIME} to show it on your statement. {refundTaxNote('whole')}
      </Paragraph>
    </EmailLayout>
  );
}
