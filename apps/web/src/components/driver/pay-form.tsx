'use client';

import { useState, type FormEvent } from 'react';
import { Alert, Button, Field, Input } from '@magma/ui';
import type { EnergyEstimate } from '@magma/core/driver';
import { driverT, type Locale } from '@magma/i18n';
import { startCheckout } from './checkout.ts';
import { costForWh, whForAmount } from './estimate.ts';
import { aboutKwh, money, wholeMoney } from './format.ts';

type Props = {
  code: string[];
  /** Minted by the server page: pressing Pay twice names the same session, never a second payment. */
  sessionToken: string;
  canStart: boolean;
  currency: string;
  /** The range one may prepay (minor units incl. tax), shown up front and checked by the server. */
  minMinor: number;
  maxMinor: number;
  minKwh: number;
  maxKwh: number;
  /** Engine-priced points from now at this connector's power; null when the tariff prices no energy. */
  estimate: EnergyEstimate | null;
  locale: Locale;
};

const AMOUNTS = [100, 200, 500];
const ENERGIES = [5, 10, 20];

export function PayForm({
  code,
  sessionToken,
  canStart,
  currency,
  minMinor,
  maxMinor,
  minKwh,
  maxKwh,
  estimate,
  locale,
}: Props) {
  const t = driverT(locale);
  const [mode, setMode] = useState<'amount' | 'energy'>('amount');
  const [rupees, setRupees] = useState('200');
  const [energy, setEnergy] = useState('10');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const range = t('pay.range', { min: wholeMoney(minMinor, currency), max: wholeMoney(maxMinor, currency) });
  const amount = Number(rupees);
  const amountMinor = Number.isInteger(amount) ? amount * 100 : null;
  const amountOk = amountMinor !== null && rupees.trim() !== '' && amountMinor >= minMinor && amountMinor <= maxMinor;
  const kwhValue = Number(energy);
  const energyOk = energy.trim() !== '' && kwhValue >= minKwh && kwhValue <= maxKwh;

  let amountHint: string | null = null;
  if (estimate && amountOk && amountMinor !== null) {
    const wh = whForAmount(estimate, amountMinor);
    amountHint =
      wh === null
        ? t('pay.amountCapped', { hours: estimate.hours, energy: aboutKwh(estimate.capWh) })
        : t('pay.amountEstimate', { energy: aboutKwh(wh) });
  }
  let energyHint: string | null = null;
  if (estimate && energyOk) {
    const cost = costForWh(estimate, Math.round(kwhValue * 1000));
    energyHint =
      cost === null
        ? t('pay.energyCapped', { hours: estimate.hours, energy: aboutKwh(estimate.capWh) })
        : t('pay.energyEstimate', { cost: money(cost, currency) });
  }

  async function pay(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // The server checks the amount and answers in words; nothing here is the limit.
      await startCheckout(
        {
          sessionToken,
          code,
          choice: mode === 'amount' ? { kind: 'amount', rupees: amount } : { kind: 'energy', kwh: kwhValue },
          email,
        },
        () => setBusy(false),
      );
    } catch (err) {
      setError(err instanceof Error ? err.message : t('pay.failed'));
      setBusy(false);
    }
  }

  const chip = (active: boolean) =>
    `rounded-lg border px-3 py-3 text-base font-semibold transition ${active ? 'border-primary bg-tint text-fg ring-1 ring-primary' : 'border-line bg-surface'}`;

  return (
    <form onSubmit={pay} noValidate className="flex flex-col gap-4" aria-label={t('pay.formLabel')}>
      <div role="tablist" className="grid grid-cols-2 gap-1 rounded-lg bg-tint p-1 text-sm font-medium">
        {(['amount', 'energy'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            onClick={() => setMode(m)}
            className={`rounded-md py-2 ${mode === m ? 'bg-surface shadow-sm' : 'text-muted'}`}
          >
            {m === 'amount' ? t('pay.tab.amount') : t('pay.tab.energy')}
          </button>
        ))}
      </div>

      {mode === 'amount' ? (
        <div className="flex flex-col gap-3">
          <p className="text-sm text-muted" data-testid="amount-range">
            {t('pay.amountRange', { range })}
          </p>
          <div className="grid grid-cols-3 gap-2">
            {AMOUNTS.map((a) => (
              <button key={a} type="button" className={chip(rupees === String(a))} onClick={() => setRupees(String(a))}>
                ₹{a}
              </button>
            ))}
          </div>
          <Field label={t('pay.amountInput')}>
            <Input
              name="rupees"
              inputMode="numeric"
              type="number"
              step={1}
              value={rupees}
              aria-invalid={!amountOk}
              onChange={(e) => setRupees(e.target.value)}
            />
          </Field>
          {!amountOk ? (
            <p className="text-sm font-medium text-red-700" data-testid="amount-hint">
              {t('pay.amountInvalid', { min: wholeMoney(minMinor, currency), max: wholeMoney(maxMinor, currency) })}
            </p>
          ) : amountHint ? (
            <p className="text-sm text-muted" data-testid="estimate">
              {amountHint}
            </p>
          ) : null}
        </div>
      ) : (
        <div className="flex flex-col gap-3">
          <p className="text-sm text-muted">{t('pay.energyRange', { min: minKwh, max: maxKwh, range })}</p>
          <div className="grid grid-cols-3 gap-2">
            {ENERGIES.map((k) => (
              <button key={k} type="button" className={chip(energy === String(k))} onClick={() => setEnergy(String(k))}>
                {k} kWh
              </button>
            ))}
          </div>
          <Field label={t('pay.energyInput')}>
            <Input
              name="kwh"
              inputMode="decimal"
              type="number"
              step={0.1}
              value={energy}
              aria-invalid={!energyOk}
              onChange={(e) => setEnergy(e.target.value)}
            />
          </Field>
          {!energyOk ? (
            <p className="text-sm font-medium text-red-700">{t('pay.energyInvalid', { min: minKwh, max: maxKwh })}</p>
          ) : energyHint ? (
            <p className="text-sm text-muted" data-testid="energy-estimate">
              {energyHint}
            </p>
          ) : null}
        </div>
      )}

      <Field label={t('pay.email')}>
        <Input
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          placeholder="you@example.com"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </Field>

      {error ? (
        <div data-testid="pay-error">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}

      <Button type="submit" disabled={!canStart} busy={busy} className="w-full py-3 text-base">
        {mode === 'amount' && amountOk && amountMinor !== null
          ? t('pay.submitAmount', { amount: money(amountMinor, currency) })
          : t('pay.submit')}
      </Button>
    </form>
  );
}
