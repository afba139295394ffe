import { Button, Text } from '@react-email/components';
import { emailT, type Locale } from '@magma/i18n';
import type { Brand } from '../brand.ts';
import { EmailLayout, Facts, Heading, Paragraph } from '../components/layout.tsx';
import { formatDateTime, formatMoney } from '../format.ts';

export type PaymentReceiptProps = {
  reference: string;
  amountMinor: number;
  currency: string;
  paidAt: Date;
  /** Where the driver charged: the charger's label and its site ("DC-60 #2, Koramangala"). */
  description: string;
  method?: string;
  gatewayReference?: string;
  timeZone?: string;
  /** A signed link that opens the driver's session page on any device, until `sessionUrlExpiresAt`. */
  sessionUrl?: string;
  sessionUrlExpiresAt?: Date;
  /** The driver's language (chosen on the driver pages); English when not given. */
  locale?: Locale;
};

export const paymentReceiptSubject = (p: PaymentReceiptProps, brand: Brand) =>
  emailT(p.locale ?? 'en')('payment.subject', { operator: brand.name, amount: formatMoney(p.amountMinor, p.currency) });

export function PaymentReceipt({ brand, ...p }: PaymentReceiptProps & { brand: Brand }) {
  const amount = formatMoney(p.amountMinor, p.currency);
  const locale = p.locale ?? 'en';
  const t = emailT(locale);
  return (
    <EmailLayout brand={brand} locale={locale} preview={t('payment.preview', { amount })}>
      <Heading brand={brand}>{t('payment.heading')}</Heading>
      <Paragraph>{t('payment.body', { amount, place: p.description })}</Paragraph>
      <Facts
        rows={[
          [t('payment.amount'), amount],
          [t('payment.paidOn'), formatDateTime(p.paidAt, p.timeZone, locale)],
          [t('payment.reference'), p.reference],
          ...(p.method ? [[t('payment.method'), p.method] as [string, string]] : []),
          ...(p.gatewayReference ? [[t('payment.gatewayReference'), p.gatewayReference] as [string, string]] : []),
        ]}
      />
      {p.sessionUrl ? (
        <>
          <Button
            href={p.sessionUrl}
            style={{ backgroundColor: brand.accentColor, borderRadius: 6, color: '#ffffff', padding: '10px 18px' }}
          >
            {t('payment.follow')}
          </Button>
          <Text style={{ color: '#6b7280', fontSize: 12 }}>
            {p.sessionUrlExpiresAt
              ? t('payment.sessionLinkUntil', { until: formatDateTime(p.sessionUrlExpiresAt, p.timeZone, locale) })
              : t('payment.sessionLink')}
          </Text>
        </>
      ) : null}
    </EmailLayout>
  );
}
