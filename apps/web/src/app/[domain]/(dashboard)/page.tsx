import { Card, CardTitle, PageHeader } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { ConnectorFilters } from '@/components/dashboard/connector-filters.tsx';
import { FILTER_KEYS } from '@/components/dashboard/filter-keys.ts';
import { ConnectorTable } from '@/components/dashboard/connector-table.tsx';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { query } from '@/components/dashboard/format.ts';
import { KpiCards } from '@/components/dashboard/kpi-cards.tsx';
import { LiveIndicator, LiveProvider } from '@/components/dashboard/live.tsx';
import { PowerChart } from '@/components/dashboard/power-chart.tsx';

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
  const api = await serverApi();
  const [kpis, chart, options, table] = await Promise.all([
    settle(api.fleet.kpis()),
    settle(api.fleet.powerChart({ hours: 24 })),
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
  const names = table.ok ? Object.fromEntries(table.value.rows.map((r) => [r.chargerId, r.identity])) : {};

  return (
    <LiveProvider chargerNames={names}>
      <PageHeader
        title="Overview"
        description={`Live state of the ${tenant.name} network.`}
        actions={<LiveIndicator />}
      />
      {kpis.ok ? <KpiCards initial={kpis.value} /> : <LoadError what="the figures" error={kpis.error} />}

      <Card className="mt-6">
        <CardTitle description="Sum of all connectors, last 24 hours">Power</CardTitle>
        {chart.ok ? (
          <PowerChart points={chart.value} timeZone={tenant.timezone} />
        ) : (
          <LoadError what="the power chart" error={chart.error} />
        )}
      </Card>

      <Card className="mt-6">
        <CardTitle
          description="Every connector you can reach; updates live."
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
        <div className="mt-4">
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
