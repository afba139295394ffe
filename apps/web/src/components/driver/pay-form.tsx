'use client';

import { useState, type FormEvent } from 'react';
import { Alert, Button, Field, Input } from '@magma/ui';
import type { EnergyEstimate } from '@magma/core/driver';
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
}: Props) {
  const [mode, setMode] = useState<'amount' | 'energy'>('amount');
  const [rupees, setRupees] = useState('200');
  const [energy, setEnergy] = useState('10');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const range = `${wholeMoney(minMinor, currency)} to ${wholeMoney(maxMinor, currency)}`;
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
        ? `Enough for more than this connector delivers in ${estimate.hours} hours (about ${aboutKwh(estimate.capWh)}).`
        : `Up to about ${aboutKwh(wh)} at the prices that apply from now.`;
  }
  let energyHint: string | null = null;
  if (estimate && energyOk) {
    const cost = costForWh(estimate, Math.round(kwhValue * 1000));
    energyHint =
      cost === null
        ? `More than this connector delivers in ${estimate.hours} hours (about ${aboutKwh(estimate.capWh)}).`
        : `About ${money(cost, currency)} incl. GST at the prices that apply from now.`;
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
      setError(err instanceof Error ? err.message : 'Payment could not start');
      setBusy(false);
    }
  }

  const chip = (active: boolean) =>
    `rounded-lg border px-3 py-3 text-base font-semibold transition ${active ? 'border-primary bg-tint text-fg ring-1 ring-primary' : 'border-line bg-surface'}`;

  return (
    <form onSubmit={pay} noValidate className="flex flex-col gap-4" aria-label="Pay and charge">
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
            {m === 'amount' ? 'Amount (₹)' : 'Energy (kWh)'}
          </button>
        ))}
      </div>

      {mode === 'amount' ? (
        <div className="flex flex-col gap-3">
          <p className="text-sm text-muted" data-testid="amount-range">
            Prepay {range}. Unused money is refunded automatically.
          </p>
          <div className="grid grid-cols-3 gap-2">
            {AMOUNTS.map((a) => (
              <button key={a} type="button" className={chip(rupees === String(a))} onClick={() => setRupees(String(a))}>
                ₹{a}
              </button>
            ))}
          </div>
          <Field label="Or enter an amount (₹)">
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
              Enter an amount between {wholeMoney(minMinor, currency)} and {wholeMoney(maxMinor, currency)}.
            </p>
          ) : amountHint ? (
            <p className="text-sm text-muted" data-testid="estimate">
              {amountHint}
            </p>
          ) : null}
        </div>
      ) : (
        <div className="flex flex-col gap-3">
          <p className="text-sm text-muted">
            Choose {minKwh} to {maxKwh} kWh; the price must come to {range}.
          </p>
          <div className="grid grid-cols-3 gap-2">
            {ENERGIES.map((k) => (
              <button key={k} type="button" className={chip(energy === String(k))} onClick={() => setEnergy(String(k))}>
                {k} kWh
              </button>
            ))}
          </div>
          <Field label="Or enter kWh">
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
            <p className="text-sm font-medium text-red-700">
              Enter an energy between {minKwh} and {maxKwh} kWh.
            </p>
          ) : energyHint ? (
            <p className="text-sm text-muted" data-testid="energy-estimate">
              {energyHint}
            </p>
          ) : null}
        </div>
      )}

      <Field label="Email for the receipt (optional)">
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
          ? `Pay ${money(amountMinor, currency)} with UPI`
          : 'Pay with UPI'}
      </Button>
    </form>
  );
}
