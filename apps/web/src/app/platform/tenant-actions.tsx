'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

type Plan = 'VENDOR_CSMS' | 'OPERATOR_CSMS';

// The server's slug rule (SLUG_PATTERN in @magma/core) as an HTML pattern. Browsers compile it with
// the `v` flag, where a dash inside a class must be escaped: `[a-z0-9-]` is refused there and the
// field then checks nothing.
const SLUG_INPUT_PATTERN = '[a-z0-9](?:[a-z0-9\\-]{0,30}[a-z0-9])?';

export function CreateTenantForm({ themes }: { themes: string[] }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const create = useMutation(trpc.platform.createTenant.mutationOptions({ onSuccess: refresh }));
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    create.mutate(
      {
        slug: String(f.get('slug') ?? ''),
        name: String(f.get('name') ?? ''),
        plan: String(f.get('plan')) as Plan,
        themeKey: String(f.get('themeKey') ?? 'magma'),
        supportEmail: String(f.get('supportEmail') ?? '') || undefined,
        adminEmail: String(f.get('adminEmail') ?? '') || undefined,
      },
      { onSuccess: () => form.reset() },
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3">
      {create.error ? <Alert>{errorMessage(create.error)}</Alert> : null}
      {create.isSuccess ? <Alert tone="success">{create.data.name} created.</Alert> : null}
      <Field label="Name">
        <Input name="name" required placeholder="Acme Charging" />
      </Field>
      <Field
        label="Sub-domain"
        hint="Lower-case letters, digits and dashes, up to 32, not starting or ending with a dash."
      >
        <Input name="slug" required maxLength={32} pattern={SLUG_INPUT_PATTERN} placeholder="acme" />
      </Field>
      <Field label="Plan">
        <Select name="plan" defaultValue="OPERATOR_CSMS">
          <option value="OPERATOR_CSMS">Operator CSMS</option>
          <option value="VENDOR_CSMS">Vendor CSMS</option>
        </Select>
      </Field>
      <Field label="Theme">
        <Select name="themeKey" defaultValue="magma">
          {themes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Support email">
        <Input name="supportEmail" type="email" />
      </Field>
      <Field label="First admin's email" hint="They get an invitation to set a password on the new domain.">
        <Input name="adminEmail" type="email" />
      </Field>
      <Button type="submit" busy={create.isPending}>
        Create tenant
      </Button>
    </form>
  );
}

export function PlanSelect({
  tenantId,
  plan,
  labels,
}: {
  tenantId: string;
  plan: Plan;
  labels: Record<Plan, { name: string }>;
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const set = useMutation(trpc.platform.setPlan.mutationOptions({ onSuccess: refresh }));
  return (
    <span className="inline-flex flex-col gap-1">
      <Select
        aria-label="Plan"
        defaultValue={plan}
        disabled={set.isPending}
        onChange={(e) => set.mutate({ tenantId, plan: e.target.value as Plan })}
        className="w-40 min-w-40"
      >
        {(Object.keys(labels) as Plan[]).map((p) => (
          <option key={p} value={p}>
            {labels[p].name}
          </option>
        ))}
      </Select>
      {set.error ? (
        <span role="alert" className="text-xs text-red-700">
          {errorMessage(set.error)}
        </span>
      ) : null}
    </span>
  );
}

export function AddTenantDomain({ tenantId }: { tenantId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const add = useMutation(trpc.platform.addDomain.mutationOptions({ onSuccess: () => (setOpen(false), refresh()) }));
  if (!open) {
    return (
      <button type="button" className="text-xs text-primary underline" onClick={() => setOpen(true)}>
        + domain
      </button>
    );
  }
  return (
    <form
      className="flex gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ tenantId, host: String(new FormData(e.currentTarget).get('host') ?? '') });
      }}
    >
      <Input name="host" placeholder="charge.acme.in" className="py-1 text-xs" autoFocus />
      <Button size="sm" busy={add.isPending}>
        Add
      </Button>
      {add.error ? <span className="text-xs text-red-600">{errorMessage(add.error)}</span> : null}
    </form>
  );
}

type PaymentsMode = 'OWN_ACCOUNTS' | 'PLATFORM_ACCOUNT' | 'TEST_MODE' | 'NONE';

const PAYMENTS_MODES: Record<PaymentsMode, string> = {
  OWN_ACCOUNTS: 'Payments: own accounts',
  PLATFORM_ACCOUNT: 'Payments: platform account',
  TEST_MODE: 'Payments: test mode',
  NONE: 'Payments: not set up',
};

/** How the tenant's drivers pay; the platform account and test mode are the platform admin's to give. */
export function PaymentsModeSelect({ tenantId, mode }: { tenantId: string; mode: PaymentsMode }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const set = useMutation(trpc.paymentAccounts.setModeForTenant.mutationOptions({ onSuccess: refresh }));
  return (
    <span className="inline-flex flex-col gap-1">
      <Select
        aria-label="Payments"
        defaultValue={mode}
        disabled={set.isPending}
        onChange={(e) => set.mutate({ tenantId, mode: e.target.value as PaymentsMode })}
        className="w-56 min-w-56"
      >
        {(Object.keys(PAYMENTS_MODES) as PaymentsMode[]).map((m) => (
          <option key={m} value={m}>
            {PAYMENTS_MODES[m]}
          </option>
        ))}
      </Select>
      {set.error ? (
        <span role="alert" className="text-xs text-red-700">
          {errorMessage(set.error)}
        </span>
      ) : null}
    </span>
  );
}

/** Sends the first admin's invitation again; the link sent before stops working. */
export function ResendInvitationButton({ tenantId, id, email }: { tenantId: string; id: string; email: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const resend = useMutation(trpc.platform.resendFirstAdminInvitation.mutationOptions({ onSuccess: refresh }));
  return (
    <span className="flex flex-col items-start gap-1">
      <Button
        size="sm"
        variant="secondary"
        busy={resend.isPending}
        aria-label={`Resend invitation to ${email}`}
        onClick={() => resend.mutate({ tenantId, id })}
      >
        Resend invitation
      </Button>
      {resend.isSuccess ? (
        <span role="status" className="text-green-800">
          New link sent to {resend.data.email}; the old one no longer works.
        </span>
      ) : null}
      {resend.error ? (
        <span role="alert" className="text-red-700">
          {errorMessage(resend.error)}
        </span>
      ) : null}
    </span>
  );
}
