import Link from 'next/link';
import { Card, CardTitle, EmptyState, PageHeader } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { FaultFeed } from '@/components/dashboard/fault-feed.tsx';
import { ago, dateTime } from '@/components/dashboard/format.ts';
import { LiveIndicator, LiveProvider } from '@/components/dashboard/live.tsx';

export const metadata = { title: 'Faults' };

const PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KINDS = [
  ['CONNECTOR_ERROR', 'Connector error'],
  ['OFFLINE', 'Offline'],
  ['SECURITY_EVENT', 'Security event'],
  ['EVENT', 'Event'],
] as const;

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
  const siteId = sp.siteId && UUID.test(sp.siteId) ? sp.siteId : undefined;
  const cursor = sp.cursor && sp.cursor.length <= 512 ? sp.cursor : undefined;
  const api = await serverApi();
  const filter = {
    state: tab === 'open' ? ('open' as const) : ('all' as const),
    acknowledged: tab === 'unacknowledged' ? ('no' as const) : undefined,
    kind,
    siteId,
  };
  // The faults a page at a time from the server (newest first, by cursor); the offline chargers beside them.
  const [page, feed, sites] = await Promise.all([
    settle(api.faults.page({ ...filter, cursor, limit: PAGE })),
    settle(api.faults.list({ ...filter, limit: 50 })),
    settle(api.site.list()),
  ]);
  const r =
    feed.ok && page.ok
      ? { ok: true as const, value: { ...feed.value, page: page.value } }
      : { ok: false as const, error: page.ok ? (feed.ok ? null : feed.error) : page.error };
  const kept = { show: tab === 'open' ? undefined : tab, kind, siteId };
  const href = (extra: Record<string, string | undefined>) => {
    const q = new URLSearchParams(
      Object.entries({ ...kept, ...extra }).filter((e): e is [string, string] => Boolean(e[1])),
    ).toString();
    return q ? `/faults?${q}` : '/faults';
  };

  return (
    <LiveProvider>
      <PageHeader
        title="Faults"
        description="Open faults and offline chargers, newest first, 50 a page."
        actions={<LiveIndicator />}
      />
      <nav className="mb-4 flex flex-wrap gap-2 text-sm" aria-label="Filter faults">
        {TABS.map((t) => (
          <Link
            key={t.key}
            href={href({ show: t.key === 'open' ? undefined : t.key })}
            aria-current={tab === t.key ? 'page' : undefined}
            className={`rounded-md border border-line px-3 py-1 ${tab === t.key ? 'bg-primary text-white' : 'hover:bg-tint'}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      <form
        method="get"
        action="/faults"
        className="mb-4 flex flex-wrap items-end gap-3 text-sm"
        data-testid="fault-filters"
      >
        {tab !== 'open' ? <input type="hidden" name="show" value={tab} /> : null}
        <label className="flex flex-col gap-1">
          <span className="text-muted">Site</span>
          <select
            name="siteId"
            defaultValue={siteId ?? ''}
            className="rounded-md border border-line bg-surface px-2 py-1.5"
          >
            <option value="">All sites</option>
            {(sites.ok ? sites.value : []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}, {s.city}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-muted">Kind</span>
          <select
            name="kind"
            defaultValue={kind ?? ''}
            className="rounded-md border border-line bg-surface px-2 py-1.5"
          >
            <option value="">Every kind</option>
            {KINDS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md border border-line px-3 py-1.5 font-medium hover:bg-tint">
          Filter
        </button>
      </form>
      {!r.ok ? (
        <LoadError what="the faults" error={r.error} />
      ) : (
        <div className="grid gap-6 lg:grid-cols-3">
          <Card className="lg:col-span-2">
            <CardTitle description={`${r.value.page.openCount} open`}>Faults</CardTitle>
            <FaultFeed
              faults={r.value.page.items.map((f) => ({
                ...f,
                when: `Began ${dateTime(f.startedAt, tenant.timezone)} (${ago(f.startedAt)})${f.endedAt ? ` · cleared ${dateTime(f.endedAt, tenant.timezone)}` : ''}`,
              }))}
            />
            {cursor || r.value.page.nextCursor ? (
              <nav aria-label="Fault pages" className="mt-3 flex justify-end gap-2 text-sm" data-testid="fault-pages">
                {cursor ? (
                  <Link className="rounded-md border border-line px-3 py-1 hover:bg-tint" href={href({})}>
                    ← Newest
                  </Link>
                ) : null}
                {r.value.page.nextCursor ? (
                  <Link
                    className="rounded-md border border-line px-3 py-1 hover:bg-tint"
                    href={href({ cursor: r.value.page.nextCursor })}
                    rel="next"
                  >
                    Older →
                  </Link>
                ) : null}
              </nav>
            ) : null}
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
