import Link from 'next/link';
import { Td } from '@magma/ui';
import { dateTime, duration } from './format.ts';

/** The first cell of a session row: when it started (linking to the session) and how long it ran. */
export function SessionStartCell({
  session,
  tz,
}: {
  session: { id: string; status: string; startedAt: Date; stoppedAt: Date | null };
  tz: string;
}) {
  return (
    <Td>
      <Link className="text-primary hover:underline" href={`/sessions/${session.id}`}>
        {dateTime(session.startedAt, tz)}
      </Link>
      <span className="block text-xs text-muted">
        {session.status === 'ACTIVE' ? 'running' : duration(session.startedAt, session.stoppedAt)}
      </span>
    </Td>
  );
}
