import Link from 'next/link';
import { Card, CardTitle, EmptyState, PageHeader } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { FaultFeed } from '@/components/dashboard/fault-feed.tsx';
import { LiveIndicator, LiveProvider } from '@/components/dashboard/live.tsx';
import { dashboardT, formatDateTime } from '@magma/i18n';
import { dashboardLocale } from '@/i18n/request-locale.ts';
import { agoIn } from '@/i18n/relative-time.ts';

export async function generateMetadata() {
  return { title: dashboardT(await dashboardLocale())('faults.title') };
}

const PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KINDS = ['CONNECTOR_ERROR', 'OFFLINE', 'SECURITY_EVENT', 'EVENT'] as const;

type Props = { params: Promise<{ domain: string }>; searchParams: Promise<Record<string, string | undefined>> };

const TABS = [{ key: 'open' }, { key: 'unacknowledged' }, { key: 'all' }] as const;

export default async function FaultsPage({ params, searchParams }: Props) {
  const { tenant } = await getTenantForDomain((await params).domain);
  const sp = await searchParams;
  const locale = await dashboardLocale();
  const t = dashboardT(locale);
  const at = (d: Date | string) => formatDateTime(new Date(d), locale, tenant.timezone);
  const ago = (d: Date | string) => agoIn(t, d);
  const tab = TABS.find((x) => x.key === sp.show)?.key ?? 'open';
  const kind = (KINDS as readonly string[]).includes(sp.kind ?? '') ? (sp.kind as 'OFFLINE') : undefined;
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
      <PageHeader title={t('faults.title')} description={t('faults.lead')} actions={<LiveIndicator />} />
      <nav className="mb-4 flex flex-wrap gap-2 text-sm" aria-label={t('faults.filterNav')}>
        {TABS.map(({ key }) => (
          <Link
            key={key}
            href={href({ show: key === 'open' ? undefined : key })}
            aria-current={tab === key ? 'page' : undefined}
            className={`rounded-md border border-line px-3 py-1 ${tab === key ? 'bg-primary text-white' : 'hover:bg-tint'}`}
          >
            {t(`faults.tab.${key}`)}
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
          <span className="text-muted">{t('faults.site')}</span>
          <select
            name="siteId"
            defaultValue={siteId ?? ''}
            className="rounded-md border border-line bg-surface px-2 py-1.5"
          >
            <option value="">{t('faults.allSites')}</option>
            {(sites.ok ? sites.value : []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}, {s.city}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-muted">{t('faults.kind')}</span>
          <select
            name="kind"
            defaultValue={kind ?? ''}
            className="rounded-md border border-line bg-surface px-2 py-1.5"
          >
            <option value="">{t('faults.everyKind')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`faults.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md border border-line px-3 py-1.5 font-medium hover:bg-tint">
          {t('faults.filter')}
        </button>
      </form>
      {!r.ok ? (
        <LoadError what="the faults" error={r.error} />
      ) : (
        <div className="grid gap-6 lg:grid-cols-3">
          <Card className="lg:col-span-2">
            <CardTitle description={t('faults.openCount', { count: r.value.page.openCount })}>
              {t('faults.title')}
            </CardTitle>
            <FaultFeed
              faults={r.value.page.items.map((f) => ({
                ...f,
                when: f.endedAt
                  ? t('faults.beganCleared', { at: at(f.startedAt), ago: ago(f.startedAt), cleared: at(f.endedAt) })
                  : t('faults.began', { at: at(f.startedAt), ago: ago(f.startedAt) }),
              }))}
            />
            {cursor || r.value.page.nextCursor ? (
              <nav
                aria-label={t('faults.pages')}
                className="mt-3 flex justify-end gap-2 text-sm"
                data-testid="fault-pages"
              >
                {cursor ? (
                  <Link className="rounded-md border border-line px-3 py-1 hover:bg-tint" href={href({})}>
                    {t('faults.newest')}
                  </Link>
                ) : null}
                {r.value.page.nextCursor ? (
                  <Link
                    className="rounded-md border border-line px-3 py-1 hover:bg-tint"
                    href={href({ cursor: r.value.page.nextCursor })}
                    rel="next"
                  >
                    {t('faults.older')}
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </Card>
          <Card>
            <CardTitle description={t('faults.offlineCount', { count: r.value.offlineCount })}>
              {t('faults.offline')}
            </CardTitle>
            {r.value.offlineChargers.length === 0 ? (
              <EmptyState title={t('faults.allOnline')} />
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
                        ? t('faults.lastSeen', { at: at(c.lastSeenAt), ago: ago(c.lastSeenAt) })
                        : t('faults.neverConnected')}
                    </span>
                  </li>
                ))}
                {r.value.offlineCount > r.value.offlineChargers.length ? (
                  <li className="py-2 text-xs text-muted">
                    {t('faults.andMore', { count: r.value.offlineCount - r.value.offlineChargers.length })}
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
