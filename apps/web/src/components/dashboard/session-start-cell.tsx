import Link from 'next/link';
import { Td } from '@magma/ui';
import { DEFAULT_LOCALE, dashboardT, formatDateTime, type Locale } from '@magma/i18n';
import { durationIn } from '@/i18n/relative-time.ts';

/** The first cell of a session row: when it started (linking to the session) and how long it ran. */
export function SessionStartCell({
  session,
  tz,
  locale = DEFAULT_LOCALE,
}: {
  session: { id: string; status: string; startedAt: Date; stoppedAt: Date | null };
  tz: string;
  locale?: Locale;
}) {
  const t = dashboardT(locale);
  return (
    <Td>
      <Link className="text-primary hover:underline" href={`/sessions/${session.id}`}>
        {formatDateTime(new Date(session.startedAt), locale, tz)}
      </Link>
      <span className="block text-xs text-muted">
        {session.status === 'ACTIVE' ? t('sessions.running') : durationIn(t, session.startedAt, session.stoppedAt)}
      </span>
    </Td>
  );
}
