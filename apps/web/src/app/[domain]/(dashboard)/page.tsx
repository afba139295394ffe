import { Card, CardTitle } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { ConnectorFilters } from '@/components/dashboard/connector-filters.tsx';
import { FILTER_KEYS } from '@/components/dashboard/filter-keys.ts';
import { ConnectorTable } from '@/components/dashboard/connector-table.tsx';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { query } from '@/components/dashboard/format.ts';
import { KpiCards } from '@/components/dashboard/kpi-cards.tsx';
import { LiveIndicator, LiveProvider } from '@/components/dashboard/live.tsx';
import { LivePowerChart } from '@/components/dashboard/live-power-chart.tsx';

export const metadata = { title: 'Overview' };

type Props = {
  params: Promise<{ domain: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function OverviewPage({ params, searchParams }: Props) {
  const { tenant } = await getTenantForDomain((await params).domain);
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
  const names = table.ok ? Object.fromEntries(table.value.rows.map((r) => [r.chargerId, r.identity])) : {};

  return (
    <LiveProvider chargerNames={names}>
      <div className="-mt-2 mb-4 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
        <p className="mr-auto text-sm text-muted">
          Live state of the {tenant.name} network{filtered ? ', filtered' : ''}.
        </p>
        <LiveIndicator />
      </div>
      <div className="grid gap-3 xl:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        {kpis.ok ? (
          <KpiCards initial={kpis.value} filter={fleetFilter} />
        ) : (
          <LoadError what="the figures" error={kpis.error} />
        )}
        <Card className="p-4" data-testid="power-card">
          <div className="mb-1 flex flex-wrap items-baseline justify-between gap-x-3">
            <h2 className="font-semibold">Power · last 24 h</h2>
            <p className="text-xs text-muted">
              {filtered ? 'Sum of the connectors the filter selects' : 'Sum of all connectors'}
            </p>
          </div>
          {chart.ok ? (
            <LivePowerChart initial={chart.value} timeZone={tenant.timezone} filter={fleetFilter} />
          ) : (
            <LoadError what="the power chart" error={chart.error} />
          )}
        </Card>
      </div>

      <Card className="mt-4 p-4">
        <CardTitle
          description="Updates live."
          action={
            <a
              className="rounded-md border border-line px-3 py-1.5 text-sm font-medium hover:bg-tint"
              href={`/api/export/connectors${query(filters)}`}
              data-testid="export-csv"
              download
            >
              Export CSV
            </a>
          }
        >
          Connectors
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
    </LiveProvider>
  );
}
