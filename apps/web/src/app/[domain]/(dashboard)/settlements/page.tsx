import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Badge, Card, CardTitle, EmptyState, PageHeader, Stat, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { fyQuarterOf, taxQuarterInput } from '@magma/core/settlements';
import { CloseWeekButton } from './settlement-actions.tsx';
import { inr, kwh, toneOf, weekLabel } from './format.ts';
import { TaxSummarySection } from './tax-summary-section.tsx';

export const metadata = { title: 'Settlements' };

type Props = { searchParams: Promise<Record<string, string | undefined>> };

export default async function SettlementsPage({ searchParams }: Props) {
  const ctx = await requireMember();
  if (ctx.scope.role === 'VENDOR_USER') redirect('/earnings');
  const sp = await searchParams;
  const tz = ctx.tenant.timezone;
  const asked = taxQuarterInput.safeParse({ fyStart: Number(sp.fy), quarter: Number(sp.q) });
  const quarter = asked.success ? asked.data : fyQuarterOf(tz, new Date());
  const api = await serverApi();
  const [weeks, soFar, taxes] = await Promise.all([
    api.settlements.weeks(),
    api.settlements.soFar(),
    api.settlements.taxSummary(quarter),
  ]);
  const admin = ctx.scope.role === 'OPERATOR_ADMIN' || ctx.scope.role === 'PLATFORM_ADMIN';
  // The week before the open one, when it has ended and is not closed yet.
  const lastEnded = new Date(soFar.weekStart.getTime() - 1);
  const lastClosed = weeks.find((w) => w.status === 'CLOSED' && w.weekEnd.getTime() === soFar.weekStart.getTime());
  const sum = (k: 'sessions' | 'grossMinor' | 'vendorShareMinor' | 'tdsMinor' | 'weekNetMinor') =>
    soFar.vendors.reduce((n, v) => n + v[k], 0);
  return (
    <>
      <PageHeader
        title="Settlements"
        description="Weekly statements per vendor and site from the ledger: vendor shares, TDS, payouts."
        actions={
          <nav className="flex flex-wrap gap-3 text-sm" aria-label="Settlements">
            <Link href="/settlements/terms" className="underline">
              Split terms
            </Link>
            <Link href="/settlements/settings" className="underline">
              Week and tax settings
            </Link>
            <Link href="/settlements/ledger" className="underline">
              Ledger
            </Link>
          </nav>
        }
      />
      <section className="mb-8">
        <h2 className="mb-3 text-lg font-semibold">
          This week so far{' '}
          <span className="text-sm font-normal text-muted">({weekLabel(soFar.weekStart, soFar.weekEnd, tz)})</span>
        </h2>
        <div className="grid gap-4 sm:grid-cols-4">
          <Stat label="Sessions settled" value={sum('sessions').toLocaleString('en-IN')} />
          <Stat label="Gross collected (incl. GST)" value={inr(sum('grossMinor'))} />
          <Stat label="Vendor shares" value={inr(sum('vendorShareMinor'))} />
          <Stat
            label="Owed to vendors (after TDS)"
            value={inr(sum('weekNetMinor'))}
            hint="TDS is withheld when the week closes"
          />
        </div>
      </section>
      <section>
        <div className="mb-3 flex items-center justify-between gap-3">
          <h2 className="text-lg font-semibold">Weeks</h2>
          {admin && !lastClosed ? <CloseWeekButton at={lastEnded.toISOString()} label="Close last week" /> : null}
        </div>
        {weeks.length === 0 ? (
          <EmptyState title="No week closed yet">
            Weeks close on their cut-off; an admin can close the last one now.
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Week</Th>
                <Th>Status</Th>
                <Th className="text-right">Vendors</Th>
                <Th className="text-right">Sessions</Th>
                <Th className="text-right">Energy</Th>
                <Th className="text-right">Gross (incl. GST)</Th>
                <Th className="text-right">Vendor share</Th>
                <Th className="text-right">TDS</Th>
                <Th className="text-right">Net payable</Th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w.id} data-week={w.id}>
                  <Td>
                    <Link href={`/settlements/${w.id}`} className="font-medium underline">
                      {weekLabel(w.weekStart, w.weekEnd, tz)}
                    </Link>
                  </Td>
                  <Td>
                    <Badge tone={toneOf(w.status)}>{w.status.toLowerCase()}</Badge>
                  </Td>
                  <Td className="text-right tabular-nums">{w.vendors}</Td>
                  <Td className="text-right tabular-nums">{w.totals.sessions.toLocaleString('en-IN')}</Td>
                  <Td className="text-right tabular-nums">{kwh(w.totals.energyWh)}</Td>
                  <Td className="text-right tabular-nums">{inr(w.totals.grossMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(w.totals.vendorShareMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(w.totals.tdsMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(w.totals.netPayableMinor)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
      {soFar.vendors.length > 0 ? (
        <Card className="mt-8">
          <CardTitle description="Figures of the open week as its statement would read now.">
            Open week by vendor
          </CardTitle>
          <Table>
            <thead>
              <tr>
                <Th>Vendor</Th>
                <Th className="text-right">Sessions</Th>
                <Th className="text-right">Gross (incl. GST)</Th>
                <Th className="text-right">Share</Th>
                <Th className="text-right">Refunds</Th>
                <Th className="text-right">Net so far</Th>
              </tr>
            </thead>
            <tbody>
              {soFar.vendors.map((v) => (
                <tr key={v.vendorId}>
                  <Td>{v.vendorName}</Td>
                  <Td className="text-right tabular-nums">{v.sessions}</Td>
                  <Td className="text-right tabular-nums">{inr(v.grossMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(v.vendorShareMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(v.refundsMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(v.weekNetMinor)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      ) : null}
      <TaxSummarySection summary={taxes} base="/settlements" />
    </>
  );
}
