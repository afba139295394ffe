import { emailT, type Locale } from '@magma/i18n';
import type { Brand } from '../brand.ts';
import { EmailLayout, Facts, Heading, Paragraph } from '../components/layout.tsx';
import { formatMoney } from '../format.ts';
import { refundTaxNote, refundTime } from './refund-terms.ts';

/** The whole payment went back because the charger never started (the only email of that session). */
export type RefundNoticeProps = {
  refundReference: string;
  paymentReference: string;
  amountMinor: number;
  currency: string;
  /** Why, as a sentence or a clause: "The charger did not start, so nothing was charged". */
  reason: string;
  /** The driver's language (chosen on the driver pages); English when not given. */
  locale?: Locale;
};

export const refundNoticeSubject = (p: RefundNoticeProps, brand: Brand) =>
  emailT(p.locale ?? 'en')('refundNotice.subject', {
    operator: brand.name,
    amount: formatMoney(p.amountMinor, p.currency),
  });

/** One full stop at the end (a danda in Hindi), whether the caller gave one or not. */
const sentence = (s: string, locale: Locale) =>
  `${s.trim().replace(/[.।\s]+$/, '')}${locale === 'hi' && /[\u0900-\u097F]/.test(s) ? '।' : '.'}`;

export function RefundNotice({ brand, ...p }: RefundNoticeProps & { brand: Brand }) {
  const amount = formatMoney(p.amountMinor, p.currency);
  const locale = p.locale ?? 'en';
  const t = emailT(locale);
  return (
    <EmailLayout brand={brand} locale={locale} preview={t('refundNotice.preview', { amount })}>
      <Heading brand={brand}>{t('refundNotice.heading')}</Heading>
      <Paragraph>{t('refundNotice.body', { amount, reason: sentence(p.reason, locale) })}</Paragraph>
      <Facts
        rows={[
          [t('refundNotice.refund'), amount],
          [t('refundNotice.refundReference'), p.refundReference],
          [t('refundNotice.paymentReference'), p.paymentReference],
        ]}
      />
      <Paragraph>{t('refundNotice.time', { time: refundTime(locale), tax: refundTaxNote('whole', locale) })}</Paragraph>
    </EmailLayout>
  );
}
