import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { Badge, Card, CardTitle, EmptyState, PageHeader, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import {
  BankFileButton,
  BankResponseUpload,
  CreatePayoutRunButton,
  MarkPayoutForm,
  StatementCsvButton,
} from '../settlement-actions.tsx';
import { inr, kwh, toneOf, weekLabel } from '../format.ts';
import { StatementEmailNote, StatementPdfLink } from '../statement-pdf-link.tsx';

export const metadata = { title: 'Settlement week' };

export default async function SettlementWeekPage({ params }: { params: Promise<{ weekId: string }> }) {
  const ctx = await requireMember();
  if (ctx.scope.role === 'VENDOR_USER') redirect('/earnings');
  const { weekId } = await params;
  if (!/^[0-9a-f-]{36}$/.test(weekId)) notFound();
  const api = await serverApi();
  const [{ week, vendors, totals }, runs, statements] = await Promise.all([
    api.settlements.week({ id: weekId }),
    api.payouts.runs(),
    api.statements.list({ weekId }),
  ]);
  const emailOf = (statementId: string) => statements.find((x) => x.id === statementId)?.email ?? null;
  const run = runs.find((r) => r.weekId === week.id);
  const detail = run ? await api.payouts.run({ runId: run.id }) : null;
  const admin = ctx.scope.role === 'OPERATOR_ADMIN' || ctx.scope.role === 'PLATFORM_ADMIN';
  const names = new Map(vendors.map((v) => [v.vendorId, v.vendorName]));
  // A payout with no vendor is a Razorpay Route transfer of the operator's own share.
  const payee = (vendorId: string | null) =>
    vendorId === null ? 'Operator (own share)' : (names.get(vendorId) ?? vendorId);
  return (
    <>
      <PageHeader
        title={`Week ${weekLabel(week.weekStart, week.weekEnd, ctx.tenant.timezone)}`}
        description={
          <>
            <Badge tone={toneOf(week.status)}>{week.status.toLowerCase()}</Badge> {vendors.length} vendors ·{' '}
            {totals.sessions.toLocaleString('en-IN')} sessions · {kwh(totals.energyWh)} · net payable{' '}
            {inr(totals.netPayableMinor)}
          </>
        }
        actions={
          <Link
            href={`/settlements/ledger?from=${week.weekStart.toISOString()}&to=${week.weekEnd.toISOString()}`}
            className="text-sm underline"
          >
            Postings of this week
          </Link>
        }
      />
      {vendors.length === 0 ? (
        <EmptyState title="No statements">No vendor had postings or a balance carried into this week.</EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Vendor / site</Th>
              <Th className="text-right">Sessions</Th>
              <Th className="text-right">Energy</Th>
              <Th className="text-right">Gross (incl. GST)</Th>
              <Th className="text-right">GST</Th>
              <Th className="text-right">Share</Th>
              <Th className="text-right">Fees borne</Th>
              <Th className="text-right">Refunds</Th>
              <Th className="text-right">TDS</Th>
              <Th className="text-right">Week net</Th>
              <Th className="text-right">Opening</Th>
              <Th className="text-right">Net payable</Th>
              <Th />
            </tr>
          </thead>
          <tbody>
            {vendors.flatMap((v) => [
              <tr key={v.id} data-vendor={v.vendorName} className="bg-tint/40 font-medium">
                <Td>
                  <Link href={`/settlements/ledger?vendorId=${v.vendorId}`} className="underline">
                    {v.vendorName}
                  </Link>
                </Td>
                <Td className="text-right tabular-nums">{v.sessions}</Td>
                <Td className="text-right tabular-nums">{kwh(v.energyWh)}</Td>
                <Td className="text-right tabular-nums">{inr(v.grossMinor)}</Td>
                <Td className="text-right tabular-nums">{inr(v.gstMinor)}</Td>
                <Td className="text-right tabular-nums">{inr(v.vendorShareMinor)}</Td>
                <Td className="text-right tabular-nums">{inr(v.gatewayFeeMinor + v.platformFeeMinor)}</Td>
                <Td className="text-right tabular-nums">{inr(v.refundsMinor)}</Td>
                <Td className="text-right tabular-nums">{inr(v.tdsMinor)}</Td>
                <Td className="text-right tabular-nums">{inr(v.weekNetMinor)}</Td>
                <Td className="text-right tabular-nums">{inr(v.openingMinor)}</Td>
                <Td className="text-right tabular-nums">{inr(v.netPayableMinor)}</Td>
                <Td className="text-right">
                  <StatementCsvButton weekId={week.id} vendorId={v.vendorId} />
                  {week.status === 'CLOSED' ? <StatementPdfLink statementId={v.id} /> : null}
                  <StatementEmailNote email={emailOf(v.id)} />
                </Td>
              </tr>,
              ...v.sites.map((s) => (
                <tr key={s.id} className="text-sm">
                  <Td className="pl-8">{s.siteName}</Td>
                  <Td className="text-right tabular-nums">{s.sessions}</Td>
                  <Td className="text-right tabular-nums">{kwh(s.energyWh)}</Td>
                  <Td className="text-right tabular-nums">{inr(s.grossMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(s.gstMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(s.vendorShareMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(s.gatewayFeeMinor + s.platformFeeMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(s.refundsMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(s.tdsMinor)}</Td>
                  <Td className="text-right tabular-nums">{inr(s.weekNetMinor)}</Td>
                  <Td />
                  <Td />
                  <Td className="text-right">
                    {week.status === 'CLOSED' ? <StatementPdfLink statementId={s.id} /> : null}
                  </Td>
                </tr>
              )),
            ])}
          </tbody>
        </Table>
      )}
      <Card className="mt-8">
        <CardTitle description="One payout per vendor with a net payable; failed payouts return to the vendor's balance and are paid with the next statement.">
          Payouts
        </CardTitle>
        {!run ? (
          week.status === 'CLOSED' && admin ? (
            <CreatePayoutRunButton weekId={week.id} />
          ) : (
            <p className="text-sm text-muted">No payout run for this week.</p>
          )
        ) : (
          <>
            <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
              <span>
                Run on {run.createdAt.toLocaleString('en-IN', { timeZone: ctx.tenant.timezone })} · rail{' '}
                {run.rail.toLowerCase()}
              </span>
              {admin && run.rail === 'OFFLINE' ? <BankFileButton runId={run.id} /> : null}
              {admin && week.status === 'CLOSED' ? <CreatePayoutRunButton weekId={week.id} /> : null}
            </div>
            {admin && run.rail === 'OFFLINE' ? <BankResponseUpload runId={run.id} /> : null}
            <Table>
              <thead>
                <tr>
                  <Th>Vendor</Th>
                  <Th className="text-right">Amount</Th>
                  <Th>Status</Th>
                  <Th>UTR</Th>
                  <Th />
                </tr>
              </thead>
              <tbody>
                {run.payouts.map((p) => (
                  <tr key={p.id} data-payout={p.id}>
                    <Td>{payee(p.vendorId)}</Td>
                    <Td className="text-right tabular-nums">{inr(p.amountMinor)}</Td>
                    <Td>
                      <Badge tone={toneOf(p.status)}>{p.status.toLowerCase()}</Badge>
                      {p.failureReason ? <span className="block text-xs text-muted">{p.failureReason}</span> : null}
                    </Td>
                    <Td className="font-mono text-sm">{p.utr ?? '—'}</Td>
                    <Td>
                      {admin && ['CREATED', 'QUEUED', 'PENDING', 'PROCESSING'].includes(p.status) ? (
                        <MarkPayoutForm payoutId={p.id} />
                      ) : null}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            {detail && detail.shortfalls.length > 0 ? (
              <div className="mt-4 rounded-lg border border-amber-400 bg-tint p-3" data-testid="payout-shortfalls">
                <p className="text-sm font-medium">
                  <Badge tone="warn">short</Badge> {inr(detail.shortMinor)}: the captured payments could not cover these
                  payables
                </p>
                <p className="mb-2 text-xs text-muted">
                  The short amount stays in each payee’s balance and the next payout run pays it first.
                </p>
                <Table>
                  <thead>
                    <tr>
                      <Th>Payee</Th>
                      <Th className="text-right">Payable</Th>
                      <Th className="text-right">Transferred</Th>
                      <Th className="text-right">Short</Th>
                    </tr>
                  </thead>
                  <tbody>
                    {detail.shortfalls.map((s) => (
                      <tr key={s.vendorId ?? 'operator'} data-shortfall={s.vendorId ?? 'operator'}>
                        <Td>{s.vendorId === null ? 'Operator (own share)' : (names.get(s.vendorId) ?? s.name)}</Td>
                        <Td className="text-right tabular-nums">{inr(s.payableMinor)}</Td>
                        <Td className="text-right tabular-nums">{inr(s.transferredMinor)}</Td>
                        <Td className="text-right font-medium tabular-nums">{inr(s.shortMinor)}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </div>
            ) : null}
            {detail && detail.reversals.some((r) => r.amountMinor > 0) ? (
              <div className="mt-4" data-testid="payout-reversals">
                <p className="mb-2 text-sm font-medium">Refunds after this run</p>
                <Table>
                  <thead>
                    <tr>
                      <Th>Vendor</Th>
                      <Th className="text-right">Vendor’s share</Th>
                      <Th>Outcome</Th>
                    </tr>
                  </thead>
                  <tbody>
                    {detail.reversals
                      .filter((r) => r.amountMinor > 0)
                      .map((r) => (
                        <tr key={r.id}>
                          <Td>{payee(r.vendorId)}</Td>
                          <Td className="text-right tabular-nums">{inr(r.amountMinor)}</Td>
                          <Td className="text-sm">
                            {r.status === 'REVERSED'
                              ? `Taken back from the transfer (${r.providerReversalId ?? ''})`
                              : r.status === 'CARRIED'
                                ? 'Transfer already settled: taken from the next statement'
                                : 'Being taken back from the transfer'}
                          </Td>
                        </tr>
                      ))}
                  </tbody>
                </Table>
              </div>
            ) : null}
          </>
        )}
      </Card>
    </>
  );
}
