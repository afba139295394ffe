import { emailT, type Locale } from '@magma/i18n';
import type { Brand } from '../brand.ts';
import { EmailLayout, Facts, Heading, Paragraph } from '../components/layout.tsx';
import { formatMoney } from '../format.ts';

/** A refund the driver was told about (or expected) that the payment gateway would not make. */
export type RefundFailedProps = {
  paymentReference: string;
  amountMinor: number;
  currency: string;
  /** The driver's language (chosen on the driver pages); English when not given. */
  locale?: Locale;
};

export const refundFailedSubject = (p: RefundFailedProps, brand: Brand) =>
  emailT(p.locale ?? 'en')('refundFailed.subject', {
    operator: brand.name,
    amount: formatMoney(p.amountMinor, p.currency),
  });

export function RefundFailed({ brand, ...p }: RefundFailedProps & { brand: Brand }) {
  const amount = formatMoney(p.amountMinor, p.currency);
  const locale = p.locale ?? 'en';
  const t = emailT(locale);
  return (
    <EmailLayout brand={brand} locale={locale} preview={t('refundFailed.preview', { amount, operator: brand.name })}>
      <Heading brand={brand}>{t('refundFailed.heading')}</Heading>
      <Paragraph>{t('refundFailed.body', { amount, operator: brand.name })}</Paragraph>
      <Facts
        rows={[
          [t('refundFailed.notRefunded'), amount],
          [t('refundFailed.paymentReference'), p.paymentReference],
        ]}
      />
    </EmailLayout>
  );
}
