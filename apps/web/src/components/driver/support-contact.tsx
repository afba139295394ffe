import { driverT, type Locale } from '@magma/i18n';

/** The operator's support contact from its brand settings: email and, when set, phone. */
export function SupportContact({
  email,
  phone,
  locale,
}: {
  email: string | null;
  phone: string | null;
  locale: Locale;
}) {
  if (!email && !phone) return null;
  return (
    <p className="text-center text-sm text-muted" data-testid="support-contact">
      {driverT(locale)('support.needHelp')}{' '}
      {email ? (
        <a className="font-medium text-primary underline" href={`mailto:${email}`}>
          {email}
        </a>
      ) : null}
      {email && phone ? ' · ' : null}
      {phone ? (
        <a
          className="whitespace-nowrap font-medium text-primary underline"
          href={`tel:${phone.replace(/[^\d+]/g, '')}`}
        >
          {phone}
        </a>
      ) : null}
    </p>
  );
}
