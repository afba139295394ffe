'use client';

import { useState, type FormEvent } from 'react';
import { Alert, Button, Field, Input } from '@magma/ui';
import { driverT, type Locale } from '@magma/i18n';

/** The PIN fallback: a PIN issued by the operator starts the charger without paying. */
export function PinForm({
  code,
  sessionToken,
  canStart,
  locale,
}: {
  code: string[];
  sessionToken: string;
  canStart: boolean;
  locale: Locale;
}) {
  const t = driverT(locale);
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
        {t('pin.open')}
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
      if (!res.ok || !body.sessionUrl) throw new Error(body.error ?? t('pin.rejected'));
      window.location.assign(body.sessionUrl);
    } catch (err) {
      setError(err instanceof Error ? err.message : t('pin.rejected'));
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      className="flex flex-col gap-3 rounded-xl border border-line bg-surface p-4"
      aria-label={t('pin.formLabel')}
    >
      <Field label={t('pin.label')}>
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
        {t('pin.submit')}
      </Button>
    </form>
  );
}
