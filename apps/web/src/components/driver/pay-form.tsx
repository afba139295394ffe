'use client';

import { useState, type FormEvent } from 'react';
import { Alert, Button, Field, Input } from '@magma/ui';
import { money } from './format.ts';

type Checkout =
  | { kind: 'redirect'; url: string }
  | { kind: 'upi-intent'; uri: string; qrPayload: string }
  | { kind: 'razorpay-checkout'; options: Record<string, unknown> };

type Props = {
  code: string[];
  /** Minted by the server page: pressing Pay twice names the same session, never a second payment. */
  sessionToken: string;
  canStart: boolean;
  currency: string;
  perKwhInclTaxMinor: number | null;
  minRupees: number;
  maxRupees: number;
};

const AMOUNTS = [100, 200, 500];
const ENERGIES = [5, 10, 20];

declare global {
  // Augmenting Window needs declaration merging, which only an interface does.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    Razorpay?: new (options: Record<string, unknown>) => { open(): void };
  }
}

function loadRazorpay(): Promise<void> {
  return new Promise((resolve, reject) => {
    if (window.Razorpay) return resolve();
    const s = document.createElement('script');
    s.src = 'https://checkout.razorpay.com/v1/checkout.js';
    s.onload = () => resolve();
    s.onerror = () => reject(new Error('Could not load the payment page'));
    document.head.appendChild(s);
  });
}

export function PayForm({ code, sessionToken, canStart, currency, perKwhInclTaxMinor, minRupees, maxRupees }: Props) {
  const [mode, setMode] = useState<'amount' | 'energy'>('amount');
  const [rupees, setRupees] = useState('200');
  const [energy, setEnergy] = useState('10');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const amount = Number(rupees);
  const estimateWh = perKwhInclTaxMinor && amount > 0 ? Math.floor((amount * 100 * 1000) / perKwhInclTaxMinor) : null;
  const energyCost = perKwhInclTaxMinor && Number(energy) > 0 ? Math.round(Number(energy) * perKwhInclTaxMinor) : null;

  async function pay(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const choice = mode === 'amount' ? { kind: 'amount', rupees: amount } : { kind: 'energy', kwh: Number(energy) };
      const res = await fetch('/api/driver/checkout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionToken, code, choice, email }),
      });
      const body = (await res.json()) as { error?: string; sessionUrl?: string; checkout?: Checkout };
      if (!res.ok || !body.checkout || !body.sessionUrl) throw new Error(body.error ?? 'Payment could not start');
      const { checkout, sessionUrl } = body;
      if (checkout.kind === 'redirect') return window.location.assign(checkout.url);
      if (checkout.kind === 'upi-intent') {
        window.location.assign(checkout.uri);
        return window.setTimeout(() => window.location.assign(sessionUrl), 1500);
      }
      await loadRazorpay();
      const rzp = new window.Razorpay!({
        ...checkout.options,
        handler: () => window.location.assign(sessionUrl),
        modal: { ondismiss: () => setBusy(false) },
      });
      rzp.open();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Payment could not start');
      setBusy(false);
    }
  }

  const chip = (active: boolean) =>
    `rounded-lg border px-3 py-3 text-base font-semibold transition ${active ? 'border-primary bg-tint text-primary' : 'border-line bg-surface'}`;

  return (
    <form onSubmit={pay} className="flex flex-col gap-4" aria-label="Pay and charge">
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
              min={minRupees}
              max={maxRupees}
              step={1}
              value={rupees}
              onChange={(e) => setRupees(e.target.value)}
            />
          </Field>
          {estimateWh !== null ? (
            <p className="text-sm text-muted">
              Up to about {(estimateWh / 1000).toFixed(1)} kWh. Unused money is refunded automatically.
            </p>
          ) : null}
        </div>
      ) : (
        <div className="flex flex-col gap-3">
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
              min={1}
              max={150}
              step={0.1}
              value={energy}
              onChange={(e) => setEnergy(e.target.value)}
            />
          </Field>
          {energyCost !== null ? (
            <p className="text-sm text-muted">
              About {money(energyCost, currency)} incl. GST. Unused money is refunded.
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

      {error ? <Alert tone="error">{error}</Alert> : null}

      <Button type="submit" disabled={!canStart} busy={busy} className="w-full py-3 text-base">
        {mode === 'amount' && amount > 0 ? `Pay ${money(amount * 100, currency)} with UPI` : 'Pay with UPI'}
      </Button>
    </form>
  );
}
