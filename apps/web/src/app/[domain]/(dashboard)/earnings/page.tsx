import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Badge, Card, CardTitle, EmptyState, PageHeader, Stat, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { StatementCsvButton } from '../settlements/settlement-actions.tsx';
import { fyQuarterOf, taxQuarterInput } from '@magma/core/settlements';
import { inr, kwh, percent, toneOf, weekLabel } from '../settlements/format.ts';
import { TaxSummarySection } from '../settlements/tax-summary-section.tsx';
import { StatementPdfLink } from '../settlements/statement-pdf-link.tsx';

export const metadata = { title: 'Earnings' };

const BEARER = { OPERATOR: 'operator', VENDOR: 'you', SHARED: 'shared' } as const;
type Props = { searchParams: Promise<Record<string, string | undefined>> };

/** A vendor's own money: the open week so far, its statements, payouts with their UTR, its terms. */
export default async function EarningsPage({ searchParams }: Props) {
  const ctx = await requireMember();
  if (ctx.scope.role !== 'VENDOR_USER' || !ctx.scope.vendorId) redirect('/settlements');
  const vendorId = ctx.scope.vendorId;
  const sp = await searchParams;
  const asked = taxQuarterInput.safeParse({ fyStart: Number(sp.fy), quarter: Number(sp.q) });
  const api = await serverApi();
  const [soFar, weeks, payouts, terms, sites, taxes, statements] = await Promise.all([
    api.settlements.soFar(),
    api.settlements.weeks(),
    api.payouts.list(),
    api.settlements.terms(),
    api.site.list(),
    api.settlements.taxSummary(asked.success ? asked.data : fyQuarterOf(ctx.tenant.timezone, new Date())),
    api.statements.list(),
  ]);
  const totalStatement = new Map(statements.filter((x) => x.siteKey === '').map((x) => [x.weekId, x.id]));
  const mine = soFar.vendors.find((v) => v.vendorId === vendorId);
  const tz = ctx.tenant.timezone;
  const siteName = new Map(sites.map((x) => [x.id, x.name]));
  const closed = weeks.filter((w) => w.status === 'CLOSED');
  return (
    <>
      <PageHeader title="Earnings" description="Your share of charging revenue, statements and payouts." />
      <section className="mb-8">
        <h2 className="mb-3 text-lg font-semibold">
          This week so far{' '}
          <span className="text-sm font-normal text-muted">({weekLabel(soFar.weekStart, soFar.weekEnd, tz)})</span>
        </h2>
        <div className="grid gap-4 sm:grid-cols-4">
          <Stat
            label="Sessions"
            value={(mine?.sessions ?? 0).toLocaleString('en-IN')}
            hint={kwh(mine?.energyWh ?? 0)}
          />
          <Stat label="Gross collected (incl. GST)" value={inr(mine?.grossMinor ?? 0)} />
          <Stat label="Your share" value={inr(mine?.vendorShareMinor ?? 0)} />
          <Stat
            label="Net so far"
            value={inr(mine?.weekNetMinor ?? 0)}
            hint="After refunds; TDS (194-O) is withheld when the week closes"
          />
        </div>
      </section>
      <section className="mb-8">
        <h2 className="mb-3 text-lg font-semibold">Statements</h2>
        {closed.length === 0 ? (
          <EmptyState title="No statement yet">Your first statement appears when a week closes.</EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Week</Th>
                <Th className="text-right">Sessions</Th>
                <Th className="text-right">Gross (incl. GST)</Th>
                <Th className="text-right">Your share</Th>
                <Th className="text-right">Refunds</Th>
                <Th className="text-right">TDS</Th>
                <Th className="text-right">Net payable</Th>
                <Th />
              </tr>
            </thead>
            <tbody>
              {closed.map((w) => (
                <tr key={w.id} data-week={w.id}>
                  <Td>{weekLabel(w.weekStart, w.weekEnd, tz)}</Td>
                  <Td className="text-right tabular-nums">{w.totals.sessions}</Td>
                  <Td className="text-right tabular-nums">{inr(w.totals.grossMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(w.totals.vendorShareMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(w.totals.refundsMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(w.totals.tdsMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(w.totals.netPayableMinor)}</Td>
                  <Td className="text-right">
                    <StatementCsvButton weekId={w.id} vendorId={vendorId} />
                    <StatementPdfLink statementId={totalStatement.get(w.id)} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
      <div className="grid grid-cols-1 items-start gap-8 lg:grid-cols-2">
        <Card>
          <CardTitle description="Bank transfers of your net payable, with the bank's reference (UTR): the latest five.">
            Payouts
          </CardTitle>
          {payouts.length === 0 ? (
            <p className="text-sm text-muted">No payouts yet.</p>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>Date</Th>
                  <Th className="text-right">Amount</Th>
                  <Th>Status</Th>
                  <Th>UTR</Th>
                </tr>
              </thead>
              <tbody>
                {payouts.slice(0, 5).map((p) => (
                  <tr key={p.id} data-payout={p.id}>
                    <Td>{p.createdAt.toLocaleDateString('en-IN', { timeZone: tz, dateStyle: 'medium' })}</Td>
                    <Td className="text-right tabular-nums">{inr(p.amountMinor)}</Td>
                    <Td>
                      <Badge tone={toneOf(p.status)}>{p.status.toLowerCase()}</Badge>
                    </Td>
                    <Td className="font-mono text-sm">{p.utr ?? '—'}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          <Link className="mt-3 inline-block text-sm text-primary underline" href="/payouts">
            All payouts, with filters and CSV →
          </Link>
        </Card>
        <Card>
          <CardTitle description="Set by the operator (read only); a new version applies to sessions that start after it.">
            Your terms
          </CardTitle>
          {terms.length === 0 ? (
            <p className="text-sm text-muted">No split terms recorded yet.</p>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>From</Th>
                  <Th className="text-right">Your share</Th>
                  <Th className="text-right">Per kWh</Th>
                  <Th>Fees</Th>
                </tr>
              </thead>
              <tbody>
                {terms.map((t) => (
                  <tr key={t.id} data-terms={t.id}>
                    <Td>
                      {t.effectiveFrom.toLocaleDateString('en-IN', { timeZone: tz, dateStyle: 'medium' })}
                      <span className="block text-xs text-muted">
                        v{t.version} · {t.siteId ? (siteName.get(t.siteId) ?? 'one site') : 'all your sites'}
                      </span>
                    </Td>
                    <Td className="text-right tabular-nums">{percent(t.vendorShareBps)}</Td>
                    <Td className="text-right tabular-nums">{inr(t.vendorPerKwhMinor)}</Td>
                    <Td className="text-sm">
                      platform {percent(t.platformFeeBps)}
                      {t.platformFeeFixedMinor ? ` + ${inr(t.platformFeeFixedMinor)}` : ''}, borne by{' '}
                      {BEARER[t.platformFeeBearer]}
                      <span className="block">gateway fee borne by {BEARER[t.gatewayFeeBearer]}</span>
                      <span className="block text-xs text-muted">
                        sponsor payments {t.sponsorShared ? 'shared with you' : 'kept by the operator'}
                      </span>
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
      <TaxSummarySection summary={taxes} base="/earnings" />
    </>
  );
}
