import Link from 'next/link';
import { Card, CardTitle } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { ConnectorFilters } from '@/components/dashboard/connector-filters.tsx';
import { FILTER_KEYS } from '@/components/dashboard/filter-keys.ts';
import { ConnectorTable } from '@/components/dashboard/connector-table.tsx';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { query } from '@/components/dashboard/format.ts';
import { KpiCards } from '@/components/dashboard/kpi-cards.tsx';
import { LiveIndicator, LiveProvider } from '@/components/dashboard/live.tsx';
import { LivePowerChart } from '@/components/dashboard/live-power-chart.tsx';
import { GettingStarted } from '@/components/dashboard/getting-started.tsx';
import { dashboardT } from '@magma/i18n';
import { dashboardLocale } from '@/i18n/request-locale.ts';

export async function generateMetadata() {
  return { title: dashboardT(await dashboardLocale())('overview.title') };
}

type Props = {
  params: Promise<{ domain: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function OverviewPage({ params, searchParams }: Props) {
  const { tenant } = await getTenantForDomain((await params).domain);
  const { scope } = await requireMember();
  const locale = await dashboardLocale();
  const t = dashboardT(locale);
  const vendor = scope.role === 'VENDOR_USER';
  const sp = await searchParams;
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, one(sp[k])]));
  // City, site, model and power narrow the figures and the chart too; status and the id search the table only.
  const fleetFilter = { city: filters.city, siteId: filters.siteId, model: filters.model, power: filters.power };
  const api = await serverApi();
  const [kpis, chart, options, table] = await Promise.all([
    settle(api.fleet.kpis(fleetFilter)),
    settle(api.fleet.powerChart({ hours: 24, ...fleetFilter })),
    settle(api.fleet.filterOptions()),
    settle(
      api.fleet.connectors({
        ...filters,
        sort: (one(sp.sort) as 'identity' | undefined) ?? 'identity',
        dir: one(sp.dir) === 'desc' ? 'desc' : 'asc',
        page: Number(one(sp.page) ?? 1) || 1,
        pageSize: 50,
      }),
    ),
  ]);
  const filtered = Object.values(fleetFilter).some(Boolean);
  // A vendor's overview is about its own sites, under its own name, not the operator's network.
  const own = vendor ? await settle(api.vendor.list()) : null;
  const me = own?.ok ? own.value[0] : undefined;
  // An operator with no connector yet is shown the way to its first charging session instead of an empty table.
  const empty = !vendor && !filtered && kpis.ok && kpis.value.connectors.total === 0;
  const [sites, chargers, tariffs] = empty
    ? await Promise.all([
        settle(api.site.list()),
        settle(api.charger.page({ sort: 'identity', limit: 1 })),
        settle(api.tariffs.list()),
      ])
    : [null, null, null];

  return (
    <LiveProvider>
      <div className="-mt-2 mb-4 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h1 className="text-2xl font-semibold tracking-tight" data-testid="overview-title">
          {me
            ? t(me._count.sites === 1 ? 'overview.vendorTitle.one' : 'overview.vendorTitle.other', {
                name: me.name,
                count: me._count.sites,
              })
            : t('overview.title')}
        </h1>
        <p className="mr-auto text-sm text-muted">
          {me
            ? `${t(
                me._count.chargers === 1
                  ? filtered
                    ? 'overview.vendorLeadFiltered.one'
                    : 'overview.vendorLead.one'
                  : filtered
                    ? 'overview.vendorLeadFiltered.other'
                    : 'overview.vendorLead.other',
                { count: me._count.chargers },
              )} `
            : t(filtered ? 'overview.leadFiltered' : 'overview.lead', { network: tenant.name })}
          {vendor ? (
            <Link className="font-medium text-primary hover:underline" href="/earnings" data-testid="earnings-link">
              {t('overview.earnings')}
            </Link>
          ) : null}
        </p>
        <LiveIndicator />
      </div>
      {empty ? (
        <GettingStarted
          sites={sites?.ok ? sites.value.length : 0}
          chargers={chargers?.ok ? chargers.value.items.length : 0}
          tariffs={tariffs?.ok ? tariffs.value.length : 0}
          admin={scope.role === 'OPERATOR_ADMIN' || scope.role === 'PLATFORM_ADMIN'}
          locale={locale}
        />
      ) : null}
      <div className="grid gap-3 xl:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        {kpis.ok ? (
          <KpiCards initial={kpis.value} filter={fleetFilter} />
        ) : (
          <LoadError what="the figures" error={kpis.error} />
        )}
        <Card className="p-4" data-testid="power-card">
          <div className="mb-1 flex flex-wrap items-baseline justify-between gap-x-3">
            <h2 className="font-semibold">{t('overview.power')}</h2>
            <p className="text-xs text-muted">{filtered ? t('overview.powerFiltered') : t('overview.powerAll')}</p>
          </div>
          {chart.ok ? (
            <LivePowerChart initial={chart.value} timeZone={tenant.timezone} filter={fleetFilter} />
          ) : (
            <LoadError what="the power chart" error={chart.error} />
          )}
        </Card>
      </div>

      {empty ? null : (
        <Card className="mt-4 p-4">
          <CardTitle
            description={t('overview.updatesLive')}
            action={
              <a
                className="rounded-md border border-line px-3 py-1.5 text-sm font-medium hover:bg-tint"
                href={`/api/export/connectors${query(filters)}`}
                data-testid="export-csv"
                download
              >
                {t('overview.exportCsv')}
              </a>
            }
          >
            {t('overview.connectors')}
          </CardTitle>
          {options.ok ? <ConnectorFilters options={options.value} /> : null}
          <div className="mt-3">
            {table.ok ? (
              <ConnectorTable
                rows={table.value.rows}
                total={table.value.total}
                page={table.value.page}
                pageSize={table.value.pageSize}
              />
            ) : (
              <LoadError what="the connectors" error={table.error} />
            )}
          </div>
        </Card>
      )}
    </LiveProvider>
  );
}
