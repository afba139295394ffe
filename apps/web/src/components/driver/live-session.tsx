'use client';

import { useEffect, useState } from 'react';
import { Alert, Button } from '@magma/ui';
import type { DriverSessionView } from '@magma/core/driver';
import { driverT, type DriverT, type Locale } from '@magma/i18n';
import { elapsed, kw, kwh, money } from './format.ts';
import { adjustmentRefundText } from './adjustment-note.ts';
import { RefundRow, refundText } from './refund-note.tsx';
import { billRows } from './bill-rows.ts';
import { startCheckout } from './checkout.ts';
import { SupportContact } from './support-contact.tsx';

const FINAL = new Set(['SETTLED', 'START_FAILED', 'PAYMENT_FAILED']);

type Support = { email: string | null; phone: string | null };

/** How often, and how many times, a page awaiting its payment asks the server to check it (then the sweep goes on). */
const PAYMENT_CHECK_MS = 6_000;
const PAYMENT_CHECKS = 50;

/** The charger's page for this session's connector. */
function chargerPath(view: DriverSessionView): string {
  return `/c/${view.connectorCode.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * The live session: values pushed over server-sent events, a Stop button, then the final bill. A
 * failed payment or start is no dead end: Try again (a new payment for the same connector, when the
 * page minted `retryToken`), back to the charger, and the operator's support contact.
 */
export function LiveSession({
  token,
  initial,
  retryToken,
  support,
  locale,
}: {
  token: string;
  initial: DriverSessionView;
  retryToken?: string;
  support?: Support;
  locale: Locale;
}) {
  const t = driverT(locale);
  const [view, setView] = useState(initial);
  const [now, setNow] = useState(() => Date.now());
  const [stopping, setStopping] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (FINAL.has(initial.status) && initial.status !== 'START_FAILED') return;
    const source = new EventSource(`/api/driver/sessions/${token}/events`);
    source.addEventListener('session', (e) => {
      const next = JSON.parse((e as MessageEvent<string>).data) as DriverSessionView;
      setView(next);
      if (
        FINAL.has(next.status) &&
        !(next.status === 'START_FAILED' && next.payment && next.payment.capturedMinor > 0 && next.refund === null)
      ) {
        source.close();
      }
    });
    return () => source.close();
  }, [token, initial.status]);

  // Back from a redirect checkout with the payment not yet heard of: ask the gateway's status API
  // (through the server, which limits it per session) rather than wait for a webhook that may never
  // come. The answer arrives over the events above; this only asks, every few seconds, for a while.
  const awaitingPayment = view.status === 'AWAITING_PAYMENT';
  useEffect(() => {
    if (!awaitingPayment) return;
    let asked = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () => {
      asked++;
      void fetch(`/api/driver/sessions/${token}/payment-check`, { method: 'POST' })
        .catch(() => undefined)
        .finally(() => {
          if (asked < PAYMENT_CHECKS) timer = setTimeout(ask, PAYMENT_CHECK_MS);
        });
    };
    ask();
    return () => clearTimeout(timer);
  }, [token, awaitingPayment]);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  async function stop() {
    setStopping(true);
    setError(null);
    try {
      const res = await fetch(`/api/driver/sessions/${token}/stop`, { method: 'POST' });
      const body = (await res.json()) as { error?: string };
      if (!res.ok) throw new Error(body.error ?? t('session.stopFailed'));
    } catch (e) {
      setError(e instanceof Error ? e.message : t('session.stopFailed'));
      setStopping(false);
    }
  }

  const live = view.live;
  const c = view.currency;
  const ended = live?.ended ?? false;

  return (
    <div className="flex flex-col gap-4" data-testid="session" data-status={view.status}>
      <section className="rounded-2xl border border-line bg-surface p-5 shadow-sm">
        <p className="text-sm text-muted">
          {view.connectorLabel}
          {view.siteName ? ` · ${view.siteName}` : ''}
        </p>
        <h1 className="mt-1 text-2xl font-bold" data-testid="session-headline">
          {view.status === 'CHARGING' && ended ? t('session.finishing') : t(`session.status.${view.status}`)}
        </h1>
        {view.status === 'STARTING' ? <p className="mt-2 text-sm text-muted">{t('session.plugIn')}</p> : null}
        {view.failureReason && (view.status === 'START_FAILED' || view.status === 'PAYMENT_FAILED') ? (
          <p className="mt-2 text-sm text-red-700">{view.failureReason}.</p>
        ) : null}
        {view.status === 'PAYMENT_FAILED' && (view.payment?.capturedMinor ?? 0) === 0 ? (
          <p className="mt-2 text-sm text-muted" data-testid="nothing-taken">
            {t('session.nothingTaken')}
          </p>
        ) : null}
        {view.status === 'AWAITING_PAYMENT' && view.checkout?.kind === 'redirect' ? (
          <a
            href={view.checkout.url}
            className="mt-4 inline-block rounded-md bg-primary px-4 py-2 text-sm font-semibold text-white"
          >
            {t('session.completePayment')}
          </a>
        ) : null}
      </section>

      {live ? (
        <section className="grid grid-cols-2 gap-3" aria-label={t('session.liveValues')}>
          <Stat label={t('session.energy')} value={kwh(live.energyWh)} testId="live-energy" big />
          <Stat
            label={ended ? t('session.cost') : t('session.costSoFar')}
            value={money(view.final?.costMinor ?? live.costMinor, c)}
            testId="live-cost"
            big
          />
          <Stat label={t('session.power')} value={kw(live.powerW)} testId="live-power" />
          <Stat label={t('session.battery')} value={live.soc !== null ? `${live.soc}%` : '—'} testId="live-soc" />
          <Stat
            label={t('session.time')}
            value={elapsed(live.startedAt, live.endedAt ? Date.parse(live.endedAt) : now)}
            testId="live-elapsed"
          />
          {view.limitMinor !== null ? (
            <Stat label={t('session.prepaid')} value={money(view.limitMinor, c)} testId="prepaid" />
          ) : null}
          {view.limitWh !== null ? (
            <Stat label={t('session.limit')} value={kwh(view.limitWh, 1)} testId="limit-wh" />
          ) : null}
        </section>
      ) : null}

      {view.status === 'CHARGING' && !ended ? (
        <>
          {error ? <Alert tone="error">{error}</Alert> : null}
          <Button variant="danger" className="w-full py-3 text-base" busy={stopping} onClick={stop} data-testid="stop">
            {stopping ? t('session.stopping') : t('session.stop')}
          </Button>
        </>
      ) : null}

      {view.final ? <FinalBill view={view} t={t} /> : null}

      {view.status === 'START_FAILED' && view.payment ? (
        <Alert tone="info">{view.refund ? refundText(view.refund, c, t) : t('session.refundingInFull')}</Alert>
      ) : null}

      {view.status === 'PAYMENT_FAILED' || view.status === 'START_FAILED' ? (
        <WhatNext
          view={view}
          retryToken={view.status === 'PAYMENT_FAILED' ? retryToken : undefined}
          support={support}
          locale={locale}
        />
      ) : null}
    </div>
  );
}

/** After a failed payment or start: pay again for the same connector, go back to it, or ask the operator. */
function WhatNext({
  view,
  retryToken,
  support,
  locale,
}: {
  view: DriverSessionView;
  retryToken?: string;
  support?: Support;
  locale: Locale;
}) {
  const t = driverT(locale);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const choice =
    view.limitWh !== null
      ? ({ kind: 'energy', kwh: view.limitWh / 1000 } as const)
      : view.limitMinor !== null
        ? ({ kind: 'amount', rupees: view.limitMinor / 100 } as const)
        : null;

  async function retry() {
    if (!retryToken || !choice) return;
    setBusy(true);
    setError(null);
    try {
      await startCheckout(
        { sessionToken: retryToken, code: view.connectorCode.split('/'), choice, email: view.email },
        () => setBusy(false),
        t('pay.failed'),
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : t('pay.failed'));
      setBusy(false);
    }
  }

  return (
    <section className="flex flex-col gap-3" data-testid="what-next">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {retryToken && choice && view.kind === 'PAID' ? (
        <Button className="w-full py-3 text-base" busy={busy} onClick={retry} data-testid="retry-payment">
          {view.limitMinor !== null && view.limitWh === null
            ? t('session.retryAmount', { amount: money(view.limitMinor, view.currency) })
            : t('session.retry')}
        </Button>
      ) : null}
      <a
        href={chargerPath(view)}
        className="block w-full rounded-md border border-line bg-surface px-4 py-3 text-center text-base font-semibold"
        data-testid="back-to-charger"
      >
        {t('session.backToCharger')}
      </a>
      {support ? <SupportContact email={support.email} phone={support.phone} locale={locale} /> : null}
    </section>
  );
}

function Stat({ label, value, testId, big }: { label: string; value: string; testId: string; big?: boolean }) {
  return (
    <div className="rounded-xl border border-line bg-surface p-3">
      <p className="text-xs text-muted">{label}</p>
      <p className={`${big ? 'text-2xl' : 'text-lg'} font-bold tabular-nums`} data-testid={testId}>
        {value}
      </p>
    </div>
  );
}

function FinalBill({ view, t }: { view: DriverSessionView; t: DriverT }) {
  const f = view.final!;
  const c = view.currency;
  const paid = view.payment?.capturedMinor ?? 0;
  return (
    <section className="rounded-2xl border border-line bg-surface p-5 shadow-sm" data-testid="final-bill">
      <h2 className="text-lg font-semibold">{t('bill.title')}</h2>
      <table className="mt-3 w-full text-sm">
        <tbody>
          {f.lines.map((l, i) => (
            <tr key={`${l.label}-${i}`} className="border-b border-line">
              <td className="py-2">
                {l.label}
                <span className="block text-xs text-muted">
                  {l.quantity} × {money(l.unitPriceMinor, c)}
                  {l.per === 'session' ? '' : `/${l.per}`}
                </span>
              </td>
              <td className="py-2 text-right tabular-nums">{money(l.amountMinor, c)}</td>
            </tr>
          ))}
          {billRows(f, c, t).map((r) => (
            <tr key={r.label} className={r.strong ? undefined : 'border-b border-line'}>
              <td className={`py-2 ${r.strong ? 'font-semibold' : ''}`}>{r.label}</td>
              <td
                className={`py-2 text-right tabular-nums ${r.strong ? 'text-lg font-bold' : ''}`}
                data-testid={r.testId}
              >
                {r.value}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {view.payment ? (
        <dl className="mt-3 space-y-1 rounded-lg bg-tint p-3 text-sm">
          <div className="flex justify-between">
            <dt>{t('bill.paid')}</dt>
            <dd className="tabular-nums">{money(paid, c)}</dd>
          </div>
          {view.refund ? (
            <RefundRow refund={view.refund} currency={c} t={t} />
          ) : (
            <div className="flex justify-between font-semibold">
              <dt>{t('bill.refunded')}</dt>
              <dd className="tabular-nums" data-testid="refund">
                {money(f.refundMinor, c)}
              </dd>
            </div>
          )}
        </dl>
      ) : null}
      {view.refund ? (
        <p className="mt-3 text-sm" data-testid="refund-note">
          {refundText(view.refund, c, t)}
        </p>
      ) : null}
      {view.adjustmentRefund ? (
        <p className="mt-3 text-sm" data-testid="adjustment-refund-note">
          {adjustmentRefundText(view.adjustmentRefund, c, t)}
        </p>
      ) : null}
      {!view.payment && view.kind === 'PIN' ? <p className="mt-3 text-sm text-muted">{t('bill.pinStarted')}</p> : null}
      {view.email ? (
        <p className="mt-3 text-xs text-muted">{t('bill.receiptOnItsWay', { email: view.email })}</p>
      ) : null}
    </section>
  );
}
