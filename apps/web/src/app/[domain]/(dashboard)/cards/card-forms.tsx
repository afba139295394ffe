'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { CsvImportForm } from '@/components/dashboard/csv-import-form.tsx';
import { zonedDayStart } from '@/components/dashboard/format.ts';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

const TYPES = [
  ['RFID', 'RFID card (ISO 14443)'],
  ['ISO15693', 'RFID tag (ISO 15693)'],
  ['CONTRACT', 'eMobility contract id (eMAID)'],
  ['CENTRAL', 'Central id (issued by this system)'],
  ['LOCAL', 'Local id (issued at the charger)'],
] as const;

export function AddCardForm({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation(
    trpc.idTokens.create.mutationOptions({ onSuccess: (c) => (setDone(`${c.token} registered.`), refresh()) }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const text = (k: string) => String(f.get(k) ?? '').trim() || undefined;
    const expires = text('expires');
    setDone(null);
    create.mutate(
      {
        token: text('token') ?? '',
        type: (text('type') ?? 'RFID') as (typeof TYPES)[number][0],
        label: text('label'),
        parentToken: text('group'),
        expiresAt: expires ? zonedDayStart(expires, timeZone) : undefined,
      },
      { onSuccess: () => form.reset() },
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Register a card">
      {create.error ? <Alert>{errorMessage(create.error)}</Alert> : null}
      {done ? <Alert tone="success">{done}</Alert> : null}
      <Field label="Card id" hint="As the charger reads it (the UID for RFID cards). Letter case does not matter.">
        <Input name="token" required maxLength={36} placeholder="04A2B3C4D5E6F7" className="font-mono" />
      </Field>
      <Field label="Kind">
        <Select name="type" defaultValue="RFID">
          {TYPES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Name" hint="Who or what carries it.">
        <Input name="label" maxLength={80} placeholder="Fleet car KA-01-AB-1234" />
      </Field>
      <Field label="Group id" hint="Optional: cards with the same group id belong together (OCPP parent id).">
        <Input name="group" maxLength={36} className="font-mono" />
      </Field>
      <Field label="Expires on" hint="Optional: the card stops working at the start of this day.">
        <Input name="expires" type="date" />
      </Field>
      <Button type="submit" busy={create.isPending}>
        Register card
      </Button>
    </form>
  );
}

export function BlockCardButton({ id, token, blocked }: { id: string; token: string; blocked: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const update = useMutation(trpc.idTokens.update.mutationOptions({ onSuccess: refresh }));
  return (
    <span className="inline-flex items-center gap-2">
      {update.error ? (
        <span role="alert" className="text-sm text-red-700">
          {errorMessage(update.error)}
        </span>
      ) : null}
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

export function ImportCardsForm({ limits }: { limits: { bytes: number; rows: number } }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const importCsv = useMutation(trpc.idTokens.import.mutationOptions({ onSuccess: refresh }));
  return (
    <CsvImportForm
      name="Import cards"
      mutation={importCsv}
      maxBytes={limits.bytes}
      noun={['card', 'cards']}
      keyColumn="Card id"
      keyOf={(err) => err.token}
    >
      Header row, then one card per line: <code>token</code> (required) and optionally{' '}
      <code>label,group,type,expires</code>. Type is RFID (default), ISO15693, CONTRACT, CENTRAL or LOCAL; expires is a
      date (<code>2027-03-31</code>). Every row is checked first: if one is wrong, nothing is imported. Up to{' '}
      {limits.rows.toLocaleString('en-IN')} cards per file.
    </CsvImportForm>
  );
}

export function PushCardsButton() {
  const trpc = useTRPC();
  const push = useMutation(trpc.idTokens.pushToChargers.mutationOptions());
  const r = push.data;
  return (
    <div className="space-y-3" data-testid="push-cards">
      {push.error ? <Alert>{errorMessage(push.error)}</Alert> : null}
      {r ? (
        <Alert tone={r.refused.length ? 'error' : 'success'}>
          {r.sent === 0
            ? 'No charger is online: nothing was sent.'
            : `Sent to ${r.sent} ${r.sent === 1 ? 'charger' : 'chargers'}: ${r.accepted} stored it.`}
          {r.refused.length ? (
            <ul className="mt-1 list-disc pl-5">
              {r.refused.map((x) => (
                <li key={x.identity}>
                  <span className="font-mono">{x.identity}</span>: {x.outcome}
                </li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      <Button variant="secondary" busy={push.isPending} onClick={() => push.mutate()}>
        Send the list to online chargers
      </Button>
    </div>
  );
}
