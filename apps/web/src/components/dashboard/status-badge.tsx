import { Badge } from '@magma/ui';
import { DEFAULT_LOCALE, dashboardT, type Locale } from '@magma/i18n';
import type { DisplayStatus } from './status.ts';

export { displayStatus, STATUS_LABEL, type DisplayStatus } from './status.ts';

const TONE: Record<DisplayStatus, 'good' | 'warn' | 'bad' | 'neutral' | 'brand'> = {
  charging: 'brand',
  available: 'good',
  preparing: 'warn',
  suspended: 'warn',
  finishing: 'warn',
  reserved: 'neutral',
  occupied: 'warn',
  unavailable: 'neutral',
  faulted: 'bad',
  offline: 'bad',
  unknown: 'neutral',
};

/** A connector's or charger's state in the dashboard's language (English where no locale is passed). */
export function StatusBadge({ status, locale = DEFAULT_LOCALE }: { status: DisplayStatus; locale?: Locale }) {
  return <Badge tone={TONE[status]}>{dashboardT(locale)(`status.${status}`)}</Badge>;
}
