'use client';

import { useState, type FormEvent } from 'react';
import { Alert, Button, Field, Input } from '@magma/ui';

/** The PIN fallback: a PIN issued by the operator starts the charger without paying. */
export function PinForm({ code, sessionToken, canStart }: { code: string[]; sessionToken: string; canStart: boolean }) {
  const [open, setOpen] = useState(false);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="text-sm font-medium text-primary underline underline-offset-4"
      >
        Have a PIN from the operator?
      </button>
    );
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/driver/pin', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionToken, code, pin }),
      });
      const body = (await res.json()) as { error?: string; sessionUrl?: string };
      if (!res.ok || !body.sessionUrl) throw new Error(body.error ?? 'The PIN was not accepted');
      window.location.assign(body.sessionUrl);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'The PIN was not accepted');
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      className="flex flex-col gap-3 rounded-xl border border-line bg-surface p-4"
      aria-label="Start with a PIN"
    >
      <Field label="PIN">
        <Input
          name="pin"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="\d{4,8}"
          maxLength={8}
          value={pin}
          onChange={(e) => setPin(e.target.value)}
        />
      </Field>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button type="submit" variant="secondary" disabled={!canStart || pin.length < 4} busy={busy}>
        Start with PIN
      </Button>
    </form>
  );
}
