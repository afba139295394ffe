import Link from 'next/link';
import { Card, EmptyState, PageHeader, Stat, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { SessionStartCell } from '@/components/dashboard/session-start-cell.tsx';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { kwh, money, query } from '@/components/dashboard/format.ts';
import { ListFilterForm } from '@/components/dashboard/list-filter-form.tsx';
import { dashboardT } from '@magma/i18n';
import { dashboardLocale } from '@/i18n/request-locale.ts';
import { sessionFilterFields, sessionListFilter } from './session-list-params.ts';

export async function generateMetadata() {
  return { title: dashboardT(await dashboardLocale())('sessions.title') };
}

type Props = { params: Promise<{ domain: string }>; searchParams: Promise<Record<string, string | undefined>> };

export default async function SessionsPage({ params, searchParams }: Props) {
  const { tenant } = await getTenantForDomain((await params).domain);
  const locale = await dashboardLocale();
  const t = dashboardT(locale);
  const sp = await searchParams;
  const tz = tenant.timezone;
  const filter = sessionListFilter(sp, tz);
  const page = Math.max(1, Number(sp.page ?? 1) || 1);
  const api = await serverApi();
  const [r, sites] = await Promise.all([
    settle(api.sessions.list({ ...filter, page, pageSize: 50 })),
    settle(api.site.list()),
  ]);
  const currency = tenant.currency;
  const pageHref = (p: number) => `/sessions${query({ ...sp, page: p })}`;

  return (
    <>
      <PageHeader
        title={t('sessions.title')}
        description={t('sessions.lead')}
        actions={
          <a
            className="rounded-md border border-line px-3 py-1.5 text-sm font-medium hover:bg-tint"
            href={`/api/export/sessions${query(filter)}`}
            data-testid="export-sessions"
            download
          >
            {t('list.exportCsv')}
          </a>
        }
      />
      <Card>
        <ListFilterForm
          label={t('sessions.filter')}
          testId="session-filters"
          fields={sessionFilterFields(sites.ok ? sites.value : [], t)}
        />
      </Card>
      {!r.ok ? (
        <div className="mt-6">
          <LoadError what="the sessions" error={r.error} />
        </div>
      ) : (
        <>
          <div className="mt-6 grid grid-cols-1 gap-3 sm:grid-cols-3" data-testid="session-totals">
            <Stat label={t('sessions.totals.sessions')} value={r.value.totals.sessions.toLocaleString('en-IN')} />
            <Stat label={t('sessions.totals.energy')} value={kwh(r.value.totals.energyWh)} />
            <Stat
              label={t('sessions.totals.net')}
              value={money(r.value.totals.costMinor, currency)}
              hint={t('sessions.totals.netHint')}
            />
          </div>
          <div className="mt-6">
            {r.value.rows.length === 0 ? (
              <EmptyState title={t('sessions.empty')} />
            ) : (
              <Table>
                <thead>
                  <tr>
                    <Th>{t('sessions.col.started')}</Th>
                    <Th>{t('sessions.col.charger')}</Th>
                    <Th className="hidden md:table-cell">{t('sessions.col.site')}</Th>
                    <Th className="hidden sm:table-cell">{t('sessions.col.idToken')}</Th>
                    <Th>{t('sessions.col.energy')}</Th>
                    <Th>{t('sessions.col.net')}</Th>
                  </tr>
                </thead>
                <tbody data-testid="session-rows">
                  {r.value.rows.map((s) => (
                    <tr key={s.id}>
                      <SessionStartCell session={s} tz={tz} locale={locale} />
                      <Td>
                        <Link className="font-mono hover:underline" href={`/chargers/${s.charger.id}`}>
                          {s.charger.identity}
                        </Link>
                        <span className="block text-xs text-muted">{t('sessions.connector', { n: s.evseId })}</span>
                      </Td>
                      <Td className="hidden md:table-cell">
                        {s.charger.site?.name ?? '—'}
                        <span className="block text-xs text-muted">{s.charger.site?.city}</span>
                      </Td>
                      <Td className="hidden font-mono text-xs sm:table-cell">{s.idTag ?? '—'}</Td>
                      <Td className="tabular-nums">{kwh(s.energyWh, 2)}</Td>
                      <Td className="tabular-nums">{money(s.costMinor, s.currency)}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
            <nav className="mt-3 flex justify-between text-sm" aria-label={t('table.pages')}>
              <span className="text-muted">
                {t('table.page', { page, pages: Math.max(1, Math.ceil(r.value.totals.sessions / 50)) })}
              </span>
              <span className="flex gap-2">
                {page > 1 ? (
                  <Link className="rounded-md border border-line px-3 py-1 hover:bg-tint" href={pageHref(page - 1)}>
                    {t('table.previous')}
                  </Link>
                ) : null}
                {page * 50 < r.value.totals.sessions ? (
                  <Link className="rounded-md border border-line px-3 py-1 hover:bg-tint" href={pageHref(page + 1)}>
                    {t('table.next')}
                  </Link>
                ) : null}
              </span>
            </nav>
          </div>
        </>
      )}
    </>
  );
}
