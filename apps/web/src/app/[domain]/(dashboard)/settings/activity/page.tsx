import Link from 'next/link';
import { ACTIVITY_AREAS } from '@magma/core/audit';
import { Card, CardTitle, EmptyState, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireAdmin } from '@/server/guards.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { dateTime } from '@/components/dashboard/format.ts';

export const metadata = { title: 'Activity' };

type Props = { params: Promise<{ domain: string }>; searchParams: Promise<Record<string, string | undefined>> };

type Area = keyof typeof ACTIVITY_AREAS;
const AREAS = Object.entries(ACTIVITY_AREAS) as [Area, string][];

/** "site.updated" → "Site updated"; the entity's words stay readable without a table of names. */
function describe(action: string): string {
  const words = action
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[._]/)
    .join(' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A compact "field: old → new" reading of an entry's before/after. */
function details(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const text = (v: unknown) =>
    v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .slice(0, 8)
    .map((k) => (k in b && k in a ? `${k}: ${text(b[k])} → ${text(a[k])}` : `${k}: ${text(k in a ? a[k] : b[k])}`));
}

function href(q: { area?: string; before?: string }) {
  const p = new URLSearchParams();
  if (q.area) p.set('area', q.area);
  if (q.before) p.set('before', q.before);
  const s = p.toString();
  return s ? `/settings/activity?${s}` : '/settings/activity';
}

export default async function ActivityPage({ params, searchParams }: Props) {
  await requireAdmin();
  const { tenant } = await getTenantForDomain((await params).domain);
  const sp = await searchParams;
  const area = AREAS.find(([k]) => k === sp.area)?.[0];
  const before = sp.before && /^[1-9][0-9]{0,18}$/.test(sp.before) ? sp.before : undefined;
  const api = await serverApi();
  const r = await settle(api.activity.list({ action: area, before }));
  const tz = tenant.timezone;

  return (
    <Card>
      <CardTitle description="Who changed what: settings, users, chargers, tariffs, cards, remote actions and driver payments, newest first.">
        Activity
      </CardTitle>
      <nav className="mb-4 flex flex-wrap gap-2 text-sm" aria-label="Filter activity">
        {[['', 'Everything'] as const, ...AREAS].map(([key, label]) => (
          <Link
            key={key}
            href={href({ area: key || undefined })}
            aria-current={(area ?? '') === key ? 'page' : undefined}
            className={`rounded-md border border-line px-3 py-1 ${(area ?? '') === key ? 'bg-primary text-white' : 'hover:bg-tint'}`}
          >
            {label}
          </Link>
        ))}
      </nav>
      {!r.ok ? (
        <LoadError what="the activity" error={r.error} />
      ) : r.value.entries.length === 0 ? (
        <EmptyState title="Nothing recorded yet" />
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Who</Th>
                <Th>What</Th>
                <Th>Details</Th>
              </tr>
            </thead>
            <tbody data-testid="activity">
              {r.value.entries.map((e) => (
                <tr key={e.id}>
                  <Td className="whitespace-nowrap text-muted">{dateTime(e.at, tz)}</Td>
                  <Td>
                    {e.actor ? (
                      <>
                        <span className="font-medium">{e.actor.name ?? e.actor.email}</span>
                        {e.actor.name ? <span className="block text-xs text-muted">{e.actor.email}</span> : null}
                      </>
                    ) : e.actorClientId ? (
                      <>
                        <span className="font-medium">API client</span>
                        <span className="block font-mono text-xs text-muted">{e.actorClientId}</span>
                      </>
                    ) : (
                      <span className="text-muted">{e.actorUserId ? 'A former member' : 'System'}</span>
                    )}
                  </Td>
                  <Td>
                    <span className="font-medium">{describe(e.action)}</span>
                    <span className="block font-mono text-xs text-muted">{e.action}</span>
                  </Td>
                  <Td className="text-xs">
                    <ul className="space-y-0.5">
                      {details(e.before, e.after).map((d) => (
                        <li key={d} className="break-all">
                          {d}
                        </li>
                      ))}
                    </ul>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="mt-4 flex gap-3 text-sm">
            {before ? (
              <Link href={href({ area })} className="text-primary hover:underline">
                Newest
              </Link>
            ) : null}
            {r.value.nextCursor ? (
              <Link
                href={href({ area, before: r.value.nextCursor })}
                className="text-primary hover:underline"
                rel="next"
              >
                Older →
              </Link>
            ) : null}
          </div>
        </>
      )}
    </Card>
  );
}
