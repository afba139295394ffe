'use client';

import { createContext, useContext, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { ConfirmButton } from '@/components/confirm-dialog.tsx';
import { zonedDayStart } from '@/components/dashboard/format.ts';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

// The PIN of an issue or a re-set exists only in the answer to that request: it is held here, in the
// page's memory, until the admin closes the notice or leaves the page, and is never fetched again.

type Revealed = { token: string; label: string | null; pin: string; renewed: boolean };

const RevealContext = createContext<(r: Revealed) => void>(() => {});

/** The Driver PINs section's state: the one PIN on show, above the list. */
export function PinReveal({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState<Revealed | null>(null);
  const [copied, setCopied] = useState(false);
  const reveal = (r: Revealed) => {
    setCopied(false);
    setShown(r);
  };
  async function copy(pin: string) {
    try {
      await navigator.clipboard.writeText(pin);
      setCopied(true);
    } catch {
      setCopied(false); // no clipboard (plain http, or refused): the PIN is on screen to copy by hand
    }
  }
  return (
    <RevealContext.Provider value={reveal}>
      {shown ? (
        <div className="mb-4" data-testid="pin-reveal">
          <Alert tone="success">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <div>
                {shown.renewed ? 'New PIN' : 'PIN'} for <strong>{shown.label ?? shown.token}</strong>{' '}
                <span className="font-mono text-xs">({shown.token})</span>:{' '}
                <span className="font-mono text-lg font-semibold tracking-widest" data-testid="pin-value">
                  {shown.pin}
                </span>
                <p className="mt-1">
                  Copy it now and give it to the driver: it is not stored in readable form and is not shown again.
                  {shown.renewed ? ' The old PIN no longer works.' : ''}
                </p>
              </div>
              <span className="flex gap-2">
                <Button size="sm" variant="secondary" onClick={() => void copy(shown.pin)}>
                  {copied ? 'Copied' : 'Copy PIN'}
                </Button>
                <Button size="sm" variant="secondary" onClick={() => setShown(null)}>
                  Done
                </Button>
              </span>
            </div>
          </Alert>
        </div>
      ) : null}
      {children}
    </RevealContext.Provider>
  );
}

export function IssuePinForm({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const reveal = useContext(RevealContext);
  const issue = useMutation(
    trpc.pins.issue.mutationOptions({
      onSuccess: ({ holder, pin }) => (reveal({ ...holder, pin, renewed: false }), refresh()),
    }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const text = (k: string) => String(f.get(k) ?? '').trim() || undefined;
    const expires = text('expires');
    issue.mutate(
      {
        label: text('label') ?? '',
        pin: text('pin'),
        token: text('token'),
        expiresAt: expires ? zonedDayStart(expires, timeZone) : undefined,
      },
      { onSuccess: () => form.reset() },
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Issue a PIN">
      {issue.error ? <Alert>{errorMessage(issue.error)}</Alert> : null}
      <Field label="Holder" hint="Who gets the PIN, e.g. a fleet driver’s name.">
        <Input name="label" required maxLength={80} placeholder="Ravi K. (fleet van 3)" />
      </Field>
      <Field label="PIN" hint="Optional: 4 to 8 digits. Leave empty for 6 random digits.">
        <Input
          name="pin"
          inputMode="numeric"
          pattern="\d{4,8}"
          maxLength={8}
          autoComplete="off"
          className="font-mono"
        />
      </Field>
      <Field label="Holder id" hint="Optional: what chargers see as the id tag. Leave empty for PIN-XXXXXX.">
        <Input name="token" maxLength={20} autoComplete="off" className="font-mono" />
      </Field>
      <Field label="Expires on" hint="Optional: the PIN stops working at the start of this day.">
        <Input name="expires" type="date" />
      </Field>
      <Button type="submit" busy={issue.isPending}>
        Issue PIN
      </Button>
    </form>
  );
}

/** A holder's row actions: a new PIN (the old one stops working), block or unblock. */
export function PinHolderActions({
  id,
  token,
  label,
  blocked,
}: {
  id: string;
  token: string;
  label: string | null;
  blocked: boolean;
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const reveal = useContext(RevealContext);
  const reset = useMutation(
    trpc.pins.reset.mutationOptions({
      onSuccess: ({ holder, pin }) => (reveal({ ...holder, pin, renewed: true }), refresh()),
    }),
  );
  const update = useMutation(trpc.pins.update.mutationOptions({ onSuccess: refresh }));
  const error = reset.error ?? update.error;
  const who = label ?? token;
  return (
    <span className="inline-flex items-center gap-2">
      {error ? (
        <span role="alert" className="text-sm text-red-700">
          {errorMessage(error)}
        </span>
      ) : null}
      <ConfirmButton
        size="sm"
        variant="secondary"
        busy={reset.isPending}
        aria-label={`New PIN for ${token}`}
        confirm={{
          title: `Give ${who} a new PIN?`,
          body: 'The current PIN stops working at once; the new one is shown here once.',
          confirmLabel: 'New PIN',
        }}
        onConfirm={() => reset.mutate({ id })}
      >
        New PIN
      </ConfirmButton>
      <Button
        size="sm"
        variant="secondary"
        busy={update.isPending}
        aria-label={`${blocked ? 'Unblock' : 'Block'} ${token}`}
        onClick={() => update.mutate({ id, patch: { status: blocked ? 'ACCEPTED' : 'BLOCKED' } })}
      >
        {blocked ? 'Unblock' : 'Block'}
      </Button>
    </span>
  );
}
