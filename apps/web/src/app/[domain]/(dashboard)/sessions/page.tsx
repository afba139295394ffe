import Link from 'next/link';
import { Card, EmptyState, PageHeader, Stat, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { SessionStartCell } from '@/components/dashboard/session-start-cell.tsx';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { kwh, money, query } from '@/components/dashboard/format.ts';
import { ListFilterForm } from '@/components/dashboard/list-filter-form.tsx';
import { sessionFilterFields, sessionListFilter } from './session-list-params.ts';

export const metadata = { title: 'Sessions' };

type Props = { params: Promise<{ domain: string }>; searchParams: Promise<Record<string, string | undefined>> };

export default async function SessionsPage({ params, searchParams }: Props) {
  const { tenant } = await getTenantForDomain((await params).domain);
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
        title="Sessions"
        description="Charging sessions, newest first unless sorted otherwise."
        actions={
          <a
            className="rounded-md border border-line px-3 py-1.5 text-sm font-medium hover:bg-tint"
            href={`/api/export/sessions${query(filter)}`}
            data-testid="export-sessions"
            download
          >
            Export CSV
          </a>
        }
      />
      <Card>
        <ListFilterForm
          label="Filter sessions"
          testId="session-filters"
          fields={sessionFilterFields(sites.ok ? sites.value : [])}
        />
      </Card>
      {!r.ok ? (
        <div className="mt-6">
          <LoadError what="the sessions" error={r.error} />
        </div>
      ) : (
        <>
          <div className="mt-6 grid grid-cols-1 gap-3 sm:grid-cols-3" data-testid="session-totals">
            <Stat label="Sessions" value={r.value.totals.sessions.toLocaleString('en-IN')} />
            <Stat label="Energy" value={kwh(r.value.totals.energyWh)} />
            <Stat
              label="Net revenue (before GST)"
              value={money(r.value.totals.costMinor, currency)}
              hint="priced sessions; GST is billed on top"
            />
          </div>
          <div className="mt-6">
            {r.value.rows.length === 0 ? (
              <EmptyState title="No sessions match these filters" />
            ) : (
              <Table>
                <thead>
                  <tr>
                    <Th>Started</Th>
                    <Th>Charger</Th>
                    <Th className="hidden md:table-cell">Site</Th>
                    <Th className="hidden sm:table-cell">ID token</Th>
                    <Th>Energy</Th>
                    <Th>Net (before GST)</Th>
                  </tr>
                </thead>
                <tbody data-testid="session-rows">
                  {r.value.rows.map((s) => (
                    <tr key={s.id}>
                      <SessionStartCell session={s} tz={tz} />
                      <Td>
                        <Link className="font-mono hover:underline" href={`/chargers/${s.charger.id}`}>
                          {s.charger.identity}
                        </Link>
                        <span className="block text-xs text-muted">connector {s.evseId}</span>
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
            <nav className="mt-3 flex justify-between text-sm" aria-label="Pages">
              <span className="text-muted">
                Page {page} of {Math.max(1, Math.ceil(r.value.totals.sessions / 50))}
              </span>
              <span className="flex gap-2">
                {page > 1 ? (
                  <Link className="rounded-md border border-line px-3 py-1 hover:bg-tint" href={pageHref(page - 1)}>
                    ← Previous
                  </Link>
                ) : null}
                {page * 50 < r.value.totals.sessions ? (
                  <Link className="rounded-md border border-line px-3 py-1 hover:bg-tint" href={pageHref(page + 1)}>
                    Next →
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
