import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import type { AdjustmentRefundView } from '@magma/core/driver';
import { Alert, Badge, Card, CardTitle, EmptyState, PageHeader, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { LoadError } from '@/components/dashboard/errors.tsx';
import { dateTime, duration, kw, kwh, money } from '@/components/dashboard/format.ts';
import { MeterCurve } from '@/components/dashboard/meter-curve.tsx';
import { CostLines } from './cost-lines.tsx';
import { LiveSessionCard, SessionLiveRefresh } from './session-live.tsx';

export const metadata = { title: 'Session' };

type Props = { params: Promise<{ domain: string; id: string }> };

const REFUND_STATUS: Record<string, { label: string; tone: 'good' | 'warn' | 'bad' }> = {
  PROCESSED: { label: 'Refunded', tone: 'good' },
  PENDING: { label: 'Pending', tone: 'warn' },
  FAILED: { label: 'Declined by the gateway', tone: 'bad' },
};

export default async function SessionPage({ params }: Props) {
  const { domain, id } = await params;
  const { tenant } = await getTenantForDomain(domain);
  const api = await serverApi();
  let d: Awaited<ReturnType<typeof api.sessions.detail>>;
  try {
    d = await api.sessions.detail({ sessionId: id });
  } catch (e) {
    if (e instanceof TRPCError && (e.code === 'NOT_FOUND' || e.code === 'BAD_REQUEST')) notFound();
    return <LoadError what="this session" error={e} />;
  }
  const s = d.session;
  const tz = tenant.timezone;
  const pay = d.payment;
  const driver = d.driverSession;
  const running = s.status === 'ACTIVE';
  const est = d.estimate;
  const tariff = d.tariff;
  // "Standard AC v3": the tariff and the version that priced (or is estimating) this session.
  const tariffName = tariff ? `${tariff.name} v${tariff.version}` : null;
  // Net is Transaction.costMinor (billed before GST), GST its taxMinor; the driver pays the two together.
  const total = s.costMinor === null ? null : s.costMinor + (s.taxMinor ?? 0);
  const lines = running ? (est?.lines ?? []) : s.costLines;
  const adjusted =
    driver && driver.adjustmentMinor !== null && driver.adjustmentMinor !== 0 && driver.costMinor !== null
      ? { costMinor: driver.costMinor, adjustmentMinor: driver.adjustmentMinor, adjustedAt: driver.adjustedAt }
      : null;
  return (
    <>
      <PageHeader
        title={`Session #${s.seq}`}
        description={
          <>
            <Link className="font-mono text-primary hover:underline" href={`/chargers/${s.charger.id}`}>
              {s.charger.identity}
            </Link>{' '}
            connector {s.evseId} · {s.charger.site ? `${s.charger.site.name}, ${s.charger.site.city}` : 'No site'}
          </>
        }
        actions={s.status === 'ACTIVE' ? <Badge tone="brand">Running</Badge> : <Badge>Completed</Badge>}
      />
      {running ? <SessionLiveRefresh sessionId={s.id} /> : null}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {[
          ['Started', dateTime(s.startedAt, tz)],
          ['Duration', duration(s.startedAt, s.stoppedAt)],
          ['Energy', kwh(running && est ? Math.max(est.energyWh, s.energyWh) : s.energyWh, 2)],
          running ? ['Live power', kw(s.livePowerW)] : ['Stop reason', s.stopReason ?? '—'],
          // A UPI session's token is an opaque id: the driver is the payer the gateway reported, masked.
          pay && (pay.payerVpaMasked || pay.payerPhoneMasked)
            ? ['Paid by', [pay.payerVpaMasked, pay.payerPhoneMasked].filter(Boolean).join(' · ')]
            : [
                'ID token',
                s.idToken ? `${s.idToken.token}${s.idToken.label ? ` (${s.idToken.label})` : ''}` : (s.idTag ?? '—'),
              ],
          ...(running
            ? [
                ['Net so far (before GST)', est ? money(est.netMinor, est.currency) : '—'],
                ['GST so far', est ? money(est.taxMinor, est.currency) : '—'],
                ['Total so far (incl. GST)', est ? money(est.totalMinor, est.currency) : '—'],
              ]
            : [
                ['Net (before GST)', money(s.costMinor, s.currency)],
                ['GST', money(s.taxMinor, s.currency)],
                ['Total (incl. GST)', total === null ? '—' : money(total, s.currency)],
              ]),
        ].map(([label, value]) => (
          <Card key={label} className="p-3">
            <div className="text-xs text-muted">{label}</div>
            <div className="mt-0.5 font-medium break-words" data-testid={`figure-${slug(label!)}`}>
              {value}
            </div>
          </Card>
        ))}
      </div>
      <LiveSessionCard running={running} chargerId={s.charger.id} sessionId={s.id} evseId={s.evseId}>
        {running ? (
          <>
            <CardTitle
              description={
                est
                  ? `Estimated from the meter readings so far with ${tariffName ?? 'the tariff'}, as of ${dateTime(est.at, tz)}: ${kwh(est.energyWh, 2)}. The final price is set when the session ends.`
                  : 'No tariff applies to this connector, so there is no estimate.'
              }
            >
              Live estimate
            </CardTitle>
            {est ? (
              <dl className="grid grid-cols-3 gap-3 text-sm">
                {[
                  ['Net', money(est.netMinor, est.currency)],
                  ['GST', money(est.taxMinor, est.currency)],
                  ['Total', money(est.totalMinor, est.currency)],
                ].map(([k, v]) => (
                  <div key={k}>
                    <dt className="text-xs text-muted">{k}</dt>
                    <dd className="font-semibold tabular-nums" data-testid={`estimate-${k!.toLowerCase()}`}>
                      {v}
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </>
        ) : (
          <CardTitle>Session stopped</CardTitle>
        )}
      </LiveSessionCard>
      {adjusted ? (
        <div className="mt-6">
          <Alert tone="info">
            The driver&apos;s session settled at {money(adjusted.costMinor, s.currency)} on the last meter reading,
            before the charger&apos;s own stop arrived
            {adjusted.adjustedAt ? ` (${dateTime(adjusted.adjustedAt, tz)})` : ''}.{' '}
            {adjusted.adjustmentMinor > 0
              ? `The final figures cost ${money(adjusted.adjustmentMinor, s.currency)} more, which was not collected from the driver.`
              : `The final figures cost ${money(-adjusted.adjustmentMinor, s.currency)} less: that much is owed back to the driver.`}
            {adjustmentRefundNote(driver?.adjustmentRefund ?? null, s.currency)}
          </Alert>
        </div>
      ) : null}
      <Card className="mt-6">
        <CardTitle description={`${d.curve.length} meter readings`}>Meter curve</CardTitle>
        <MeterCurve points={d.curve} timeZone={tz} />
      </Card>
      <Card className="mt-6">
        <CardTitle
          description={
            tariff ? (
              <>
                {running ? 'Estimated with ' : 'Priced with '}
                <Link className="text-primary hover:underline" href={`/tariffs/${tariff.tariffId}`}>
                  {tariffName}
                </Link>
              </>
            ) : undefined
          }
        >
          {running ? 'Cost lines so far' : 'Cost lines'}
        </CardTitle>
        {lines.length === 0 ? (
          <EmptyState
            title={
              running ? 'Nothing priced yet: the lines appear as the meter reports' : 'This session was not priced'
            }
          />
        ) : (
          <CostLines
            lines={lines}
            tariffName={tariffName}
            currency={s.currency}
            label={running ? 'Cost lines so far' : 'Cost lines'}
          />
        )}
        {!running && s.writtenOffMinor ? (
          <p className="mt-3 text-sm text-muted">
            The lines are the tariff&apos;s price; {money(s.writtenOffMinor, s.currency)} of it (incl. GST) beyond what
            the prepaid driver paid was written off, so Net and GST above are billed on the rest.
          </p>
        ) : null}
      </Card>
      {pay ? (
        <Card className="mt-6">
          <CardTitle
            description={`${pay.provider} · paid ${money(pay.capturedMinor, pay.currency)} · refunded ${money(pay.refundedMinor, pay.currency)}`}
          >
            Payment
          </CardTitle>
          {pay.declinedMinor > 0 ? (
            <Alert>
              The payment gateway declined a refund of {money(pay.declinedMinor, pay.currency)} to the driver. Return it
              another way, for example from the gateway&apos;s dashboard.
            </Alert>
          ) : null}
          {pay.refunds.length === 0 ? (
            <EmptyState title="No refunds" />
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>Refund</Th>
                  <Th>Amount</Th>
                  <Th>Status</Th>
                  <Th>Requested</Th>
                </tr>
              </thead>
              <tbody>
                {pay.refunds.map((r) => {
                  const status = REFUND_STATUS[r.status] ?? { label: r.status, tone: 'warn' as const };
                  return (
                    <tr key={r.id}>
                      <Td>
                        {r.reason ?? 'Refund'}
                        {r.anomaly === 'DUPLICATE_AT_GATEWAY' ? (
                          <>
                            {' '}
                            <Badge tone="bad">Second refund at the gateway</Badge>
                          </>
                        ) : null}
                      </Td>
                      <Td className="tabular-nums">{money(r.amountMinor, pay.currency)}</Td>
                      <Td>
                        <Badge tone={status.tone}>{status.label}</Badge>
                      </Td>
                      <Td>{dateTime(r.createdAt, tz)}</Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
        </Card>
      ) : null}
    </>
  );
}

function slug(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** What became of the money a late stop found was owed back to the driver. */
function adjustmentRefundNote(r: AdjustmentRefundView | null, currency: string): string {
  if (!r) return '';
  switch (r.outcome) {
    case 'refunded':
      return ` ${money(r.amountMinor, currency)} was refunded to the driver${r.status === 'PROCESSED' ? '' : ' (on its way)'}.`;
    case 'sending':
      return ' The refund has not reached the gateway yet; it is sent again automatically.';
    case 'declined':
      return ` The gateway declined the refund of ${money(r.amountMinor, currency)}: return it another way.`;
    case 'below-minimum':
      return ` It was not refunded: the gateway refunds nothing under ${money(r.minimumMinor, currency)}.`;
  }
}
