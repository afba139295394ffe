import { Badge } from '@magma/ui';
import { DEFAULT_LOCALE, dashboardT, type Locale } from '@magma/i18n';

type Registration = 'ACCEPTED' | 'PENDING' | 'REJECTED';

/** A charger's registration when it is not plain accepted: waiting for an admin, or refused. */
export function RegistrationBadge({
  registration,
  locale = DEFAULT_LOCALE,
}: {
  registration: Registration;
  locale?: Locale;
}) {
  const t = dashboardT(locale);
  if (registration === 'PENDING') return <Badge tone="warn">{t('registration.pending')}</Badge>;
  if (registration === 'REJECTED') return <Badge tone="bad">{t('registration.rejected')}</Badge>;
  return null;
}
