'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { ConfirmButton, InlineError } from '@/components/confirm-dialog.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

type Provider = 'RAZORPAY' | 'PHONEPE' | 'JUSPAY';
type Mode = 'OWN_ACCOUNTS' | 'PLATFORM_ACCOUNT' | 'TEST_MODE' | 'NONE';

// What each gateway's dashboard calls its keys; `secret` fields are sent once and never shown again.
const FIELDS: Record<
  Provider,
  { publicId: string; secrets: { name: string; label: string; secret: boolean; optional?: boolean }[] }
> = {
  RAZORPAY: {
    publicId: 'Key id (rzp_live_… or rzp_test_…)',
    secrets: [
      { name: 'keySecret', label: 'Key secret', secret: true },
      { name: 'webhookSecret', label: 'Webhook secret', secret: true },
    ],
  },
  PHONEPE: {
    publicId: 'Client id',
    secrets: [
      { name: 'clientSecret', label: 'Client secret', secret: true },
      { name: 'clientVersion', label: 'Client version', secret: false },
      { name: 'webhookUsername', label: 'Webhook username', secret: false },
      { name: 'webhookPassword', label: 'Webhook password', secret: true },
    ],
  },
  JUSPAY: {
    publicId: 'Merchant id',
    secrets: [
      { name: 'apiKey', label: 'API key', secret: true },
      { name: 'paymentPageClientId', label: 'Payment page client id', secret: false },
      { name: 'webhookUsername', label: 'Webhook username', secret: false },
      { name: 'webhookPassword', label: 'Webhook password', secret: true },
      { name: 'responseKey', label: 'Response key (optional)', secret: true, optional: true },
    ],
  },
};

export function AddAccountForm() {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [provider, setProvider] = useState<Provider>('RAZORPAY');
  const add = useMutation(trpc.paymentAccounts.add.mutationOptions({ onSuccess: refresh }));
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? '');
    const secrets = Object.fromEntries(
      FIELDS[provider].secrets.filter((f) => !f.optional || text(f.name)).map((f) => [f.name, text(f.name)]),
    );
    add.mutate(
      {
        label: text('label'),
        environment: text('environment') === 'sandbox' ? 'sandbox' : 'production',
        credentials: { provider, publicId: text('publicId'), secrets } as never,
      },
      { onSuccess: () => form.reset() },
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" autoComplete="off">
      {add.error ? <Alert>{errorMessage(add.error)}</Alert> : null}
      {add.isSuccess ? (
        <Alert tone="success">
          {add.data.label} is saved. Its secrets are encrypted and will not be shown again. Press Test connection.
        </Alert>
      ) : null}
      <Field label="Gateway">
        <Select name="provider" value={provider} onChange={(e) => setProvider(e.target.value as Provider)}>
          <option value="RAZORPAY">Razorpay</option>
          <option value="PHONEPE">PhonePe PG</option>
          <option value="JUSPAY">Juspay</option>
        </Select>
      </Field>
      <Field label="Name">
        <Input name="label" required maxLength={80} placeholder="Main account" />
      </Field>
      <Field label="Environment">
        <Select name="environment" defaultValue="production">
          <option value="production">Live</option>
          <option value="sandbox">Sandbox</option>
        </Select>
      </Field>
      <Field label={FIELDS[provider].publicId}>
        <Input name="publicId" required maxLength={100} />
      </Field>
      {FIELDS[provider].secrets.map((f) => (
        <Field key={`${provider}-${f.name}`} label={f.label}>
          <Input
            name={f.name}
            type={f.secret ? 'password' : 'text'}
            required={!f.optional}
            maxLength={200}
            autoComplete="new-password"
          />
        </Field>
      ))}
      <Button type="submit" busy={add.isPending}>
        Save account
      </Button>
    </form>
  );
}

export function AccountActions({
  id,
  label,
  isDefault,
  sites,
}: {
  id: string;
  label: string;
  isDefault: boolean;
  sites: { id: string; name: string }[];
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const test = useMutation(trpc.paymentAccounts.test.mutationOptions({ onSettled: refresh }));
  const setDefault = useMutation(trpc.paymentAccounts.setDefault.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.paymentAccounts.remove.mutationOptions({ onSuccess: refresh }));
  return (
    <div className="flex flex-col gap-2 md:items-end">
      <div className="flex flex-wrap gap-1 md:justify-end">
        <Button size="sm" busy={test.isPending} onClick={() => test.mutate({ accountId: id })}>
          Test connection
        </Button>
        {isDefault ? null : (
          <Button
            size="sm"
            variant="ghost"
            busy={setDefault.isPending}
            onClick={() => setDefault.mutate({ accountId: id })}
          >
            Make default
          </Button>
        )}
        {sites.length ? (
          <Select
            aria-label="Default at a site"
            value=""
            disabled={setDefault.isPending}
            onChange={(e) => e.target.value && setDefault.mutate({ accountId: id, siteId: e.target.value })}
            className="w-44"
          >
            <option value="">Default at a site…</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        ) : null}
        <ConfirmButton
          size="sm"
          variant="ghost"
          busy={remove.isPending}
          error={remove.error}
          confirm={{
            title: `Stop using ${label}?`,
            body: 'New payments no longer go to this account; payments it took still refund through it.',
            confirmLabel: 'Remove account',
          }}
          onConfirm={() => remove.mutate({ accountId: id })}
        >
          Remove
        </ConfirmButton>
      </div>
      <InlineError error={setDefault.error} />
      {test.error ? <Alert>{errorMessage(test.error)}</Alert> : null}
      {test.data ? (
        <div data-testid="test-result" className="md:max-w-xs">
          <Alert tone={test.data.ok ? 'success' : 'error'}>{test.data.message}</Alert>
        </div>
      ) : null}
    </div>
  );
}

export function ModeChoice({ mode }: { mode: Mode }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const set = useMutation(trpc.paymentAccounts.setMode.mutationOptions({ onSuccess: refresh }));
  if (mode === 'PLATFORM_ACCOUNT' || mode === 'TEST_MODE') {
    return <p className="text-sm text-muted">The platform’s admin chose this; ask them to change it.</p>;
  }
  return (
    <div className="space-y-2">
      {set.error ? <Alert>{errorMessage(set.error)}</Alert> : null}
      <Button
        size="sm"
        variant={mode === 'OWN_ACCOUNTS' ? 'ghost' : undefined}
        busy={set.isPending}
        onClick={() => set.mutate({ mode: mode === 'OWN_ACCOUNTS' ? 'NONE' : 'OWN_ACCOUNTS' })}
      >
        {mode === 'OWN_ACCOUNTS' ? 'Stop taking payments' : 'Take payments through my accounts'}
      </Button>
    </div>
  );
}
