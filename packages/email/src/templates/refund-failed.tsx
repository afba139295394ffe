import type { Brand } from '../brand.ts';
import { EmailLayout, Facts, Heading, Paragraph } from '../components/layout.tsx';
import { formatMoney } from '../format.ts';

/** A refund the driver was told about (or expected) that the payment gateway would not make. */
export type RefundFailedProps = {
  paymentReference: string;
  amountMinor: number;
  currency: string;
};

export const refundFailedSubject = (p: RefundFailedProps, brand: Brand) =>
  `${brand.name}: your refund of ${formatMoney(p.amountMinor, p.currency)} did not go through`;

export function RefundFailed({ brand, ...p }: RefundFailedProps & { brand: Brand }) {
  const amount = formatMoney(p.amountMinor, p.currency);
  return (
    <EmailLayout brand={brand} preview={`The refund of ${amount} failed; ${brand.name} will return it to you`}>
      <Heading brand={brand}>Your refund did not go through</Heading>
      <Paragraph>
        The refund of {amount} to your original payment method failed at the payment gateway. {brand.name} has been
        notified and will return it to you another way.
      </Paragraph>
      <Facts
        rows={[
          ['Not refunded', amount],
          ['Payment reference', p.paymentReference],
        ]}
      />
    </EmailLayout>
  );
}
