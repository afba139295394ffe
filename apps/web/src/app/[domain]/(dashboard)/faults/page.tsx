import Link from 'next/link';
import { Card, CardTitle, EmptyState, PageHeader } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { FaultFeed } from '@/components/dashboard/fault-feed.tsx';
import { ago, dateTime } from '@/components/dashboard/format.ts';
import { LiveIndicator, LiveProvider } from '@/components/dashboard/live.tsx';

export const metadata = { title: 'Faults' };

type Props = { params: Promise<{ domain: string }>; searchParams: Promise<Record<string, string | undefined>> };

const TABS = [
  { key: 'open', label: 'Open' },
  { key: 'unacknowledged', label: 'Not acknowledged' },
  { key: 'all', label: 'All' },
] as const;

export default async function FaultsPage({ params, searchParams }: Props) {
  const { tenant } = await getTenantForDomain((await params).domain);
  const sp = await searchParams;
  const tab = TABS.find((t) => t.key === sp.show)?.key ?? 'open';
  const kind = ['CONNECTOR_ERROR', 'OFFLINE', 'SECURITY_EVENT', 'EVENT'].includes(sp.kind ?? '')
    ? (sp.kind as 'OFFLINE')
    : undefined;
  const api = await serverApi();
  const r = await settle(
    api.faults.list({
      state: tab === 'open' ? 'open' : 'all',
      acknowledged: tab === 'unacknowledged' ? 'no' : undefined,
      kind,
      limit: 200,
    }),
  );

  return (
    <LiveProvider>
      <PageHeader
        title="Faults"
        description="Open faults and offline chargers, newest first."
        actions={<LiveIndicator />}
      />
      <nav className="mb-4 flex flex-wrap gap-2 text-sm" aria-label="Filter faults">
        {TABS.map((t) => (
          <Link
            key={t.key}
            href={t.key === 'open' ? '/faults' : `/faults?show=${t.key}`}
            aria-current={tab === t.key ? 'page' : undefined}
            className={`rounded-md border border-line px-3 py-1 ${tab === t.key ? 'bg-primary text-white' : 'hover:bg-tint'}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {!r.ok ? (
        <LoadError what="the faults" error={r.error} />
      ) : (
        <div className="grid gap-6 lg:grid-cols-3">
          <Card className="lg:col-span-2">
            <CardTitle description={`${r.value.openCount} open`}>Faults</CardTitle>
            <FaultFeed
              faults={r.value.faults.map((f) => ({
                ...f,
                when: `Began ${dateTime(f.startedAt, tenant.timezone)} (${ago(f.startedAt)})${f.endedAt ? ` · cleared ${dateTime(f.endedAt, tenant.timezone)}` : ''}`,
              }))}
            />
          </Card>
          <Card>
            <CardTitle description={`${r.value.offlineCount} chargers`}>Offline chargers</CardTitle>
            {r.value.offlineChargers.length === 0 ? (
              <EmptyState title="Every charger is online" />
            ) : (
              <ul className="divide-y divide-line text-sm" data-testid="offline-chargers">
                {r.value.offlineChargers.map((c) => (
                  <li key={c.id} className="py-2">
                    <Link className="font-mono font-medium text-primary hover:underline" href={`/chargers/${c.id}`}>
                      {c.identity}
                    </Link>
                    <span className="block text-xs text-muted">
                      {c.site ? `${c.site.name}, ${c.site.city} · ` : ''}
                      {c.lastSeenAt
                        ? `last seen ${dateTime(c.lastSeenAt, tenant.timezone)} (${ago(c.lastSeenAt)})`
                        : 'never connected'}
                    </span>
                  </li>
                ))}
                {r.value.offlineCount > r.value.offlineChargers.length ? (
                  <li className="py-2 text-xs text-muted">
                    and {r.value.offlineCount - r.value.offlineChargers.length} more
                  </li>
                ) : null}
              </ul>
            )}
          </Card>
        </div>
      )}
    </LiveProvider>
  );
}
