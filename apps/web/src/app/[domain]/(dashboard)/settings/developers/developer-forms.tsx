'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { ConfirmButton } from '@/components/confirm-dialog.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

type Role = 'OPERATOR_ADMIN' | 'OPERATOR_STAFF' | 'VENDOR_USER';

/** A secret shown once: the only time anyone sees it. */
function ShownOnce({ label, value }: { label: string; value: string }) {
  return (
    <Alert tone="success">
      <div className="space-y-1">
        <div>{label} Copy it now: it will not be shown again.</div>
        <code className="block font-mono text-xs break-all select-all" data-testid="shown-once">
          {value}
        </code>
      </div>
    </Alert>
  );
}

/** Read/write checkboxes per resource; all reads are ticked to start with. */
function ScopePicker({ resources }: { resources: string[] }) {
  return (
    <fieldset className="space-y-1">
      <legend className="mb-1 text-sm font-medium">Scopes</legend>
      <div className="grid max-h-64 grid-cols-[1fr_auto_auto] gap-x-3 gap-y-1 overflow-y-auto text-sm">
        {resources.map((r) => (
          <div key={r} className="contents">
            <span>{r}</span>
            {(['read', 'write'] as const).map((a) => (
              <label key={a} className="flex items-center gap-1 text-xs">
                <input type="checkbox" name="scope" value={`${r}:${a}`} defaultChecked={a === 'read'} />
                {a}
              </label>
            ))}
          </div>
        ))}
      </div>
    </fieldset>
  );
}

const scopesOf = (data: FormData) => data.getAll('scope').map(String);

export function CreateClientForm({
  vendors,
  resources,
}: {
  vendors: { id: string; name: string }[];
  resources: string[];
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [role, setRole] = useState<Role>('OPERATOR_STAFF');
  const create = useMutation(trpc.apiClients.create.mutationOptions({ onSuccess: refresh }));
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    create.mutate(
      {
        name: String(data.get('name') ?? ''),
        role,
        vendorId: role === 'VENDOR_USER' ? String(data.get('vendorId') ?? '') || null : null,
        scopes: scopesOf(data) as never,
      },
      { onSuccess: () => form.reset() },
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" autoComplete="off">
      {create.error ? <Alert>{errorMessage(create.error)}</Alert> : null}
      {create.data ? (
        <div className="space-y-2">
          <Alert tone="info">
            Client id <code className="font-mono break-all">{create.data.client.clientId}</code>
          </Alert>
          <ShownOnce label={`${create.data.client.name}'s secret.`} value={create.data.clientSecret} />
        </div>
      ) : null}
      <Field label="Name">
        <Input name="name" required maxLength={100} placeholder="Billing sync" />
      </Field>
      <Field label="Acts as">
        <Select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="OPERATOR_STAFF">Staff (runs the fleet)</option>
          <option value="OPERATOR_ADMIN">Admin (also settings, users, vendors)</option>
          <option value="VENDOR_USER">A vendor (sees only its data)</option>
        </Select>
      </Field>
      {role === 'VENDOR_USER' ? (
        <Field label="Vendor">
          <Select name="vendorId" required defaultValue="">
            <option value="" disabled>
              Choose a vendor…
            </option>
            {vendors.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <ScopePicker resources={resources} />
      <Button type="submit" busy={create.isPending}>
        Create client
      </Button>
    </form>
  );
}

export function ClientActions({ id, name, disabled }: { id: string; name: string; disabled: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const rotate = useMutation(trpc.apiClients.rotateSecret.mutationOptions({ onSuccess: refresh }));
  const enable = useMutation(trpc.apiClients.setEnabled.mutationOptions({ onSuccess: refresh }));
  return (
    <div className="flex flex-col gap-2 md:items-end">
      <div className="flex flex-wrap gap-1 md:justify-end">
        {disabled ? null : (
          <>
            <Button size="sm" busy={rotate.isPending} onClick={() => rotate.mutate({ id })}>
              Rotate secret
            </Button>
            <ConfirmButton
              size="sm"
              variant="ghost"
              busy={rotate.isPending}
              confirm={{
                title: `Replace ${name}'s secret now?`,
                body: 'For a leaked secret: the current secret stops working at once, so callers using it fail until they have the new one.',
                confirmLabel: 'Rotate now',
              }}
              onConfirm={() => rotate.mutate({ id, overlapMs: 0 })}
            >
              Rotate now
            </ConfirmButton>
          </>
        )}
        <ConfirmButton
          size="sm"
          variant={disabled ? undefined : 'danger'}
          busy={enable.isPending}
          error={enable.error}
          confirm={
            disabled
              ? null
              : { title: `Disable ${name}?`, body: 'Its tokens stop working at once.', confirmLabel: 'Disable' }
          }
          onConfirm={() => enable.mutate({ id, enabled: disabled })}
        >
          {disabled ? 'Enable' : 'Disable'}
        </ConfirmButton>
      </div>
      {rotate.error ? <Alert>{errorMessage(rotate.error)}</Alert> : null}
      {rotate.data ? (
        <div className="md:max-w-sm">
          <ShownOnce
            label={
              rotate.data.client.previousSecretValidUntil
                ? `New secret. The old one works until ${new Date(rotate.data.client.previousSecretValidUntil).toISOString().slice(0, 16)}Z.`
                : 'New secret. The old one no longer works.'
            }
            value={rotate.data.clientSecret}
          />
        </div>
      ) : null}
    </div>
  );
}

export function CreateTokenForm({ resources }: { resources: string[] }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const create = useMutation(trpc.apiClients.createPersonalToken.mutationOptions({ onSuccess: refresh }));
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const days = String(data.get('expires') ?? '90');
    create.mutate(
      {
        name: String(data.get('name') ?? ''),
        scopes: scopesOf(data) as never,
        expiresInDays: days === 'never' ? null : Number(days),
      },
      { onSuccess: () => form.reset() },
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" autoComplete="off">
      {create.error ? <Alert>{errorMessage(create.error)}</Alert> : null}
      {create.data ? <ShownOnce label={`${create.data.token.name}.`} value={create.data.secret} /> : null}
      <Field label="Name">
        <Input name="name" required maxLength={100} placeholder="Nightly export" />
      </Field>
      <Field label="Expires">
        <Select name="expires" defaultValue="90">
          <option value="7">In 7 days</option>
          <option value="30">In 30 days</option>
          <option value="90">In 90 days</option>
          <option value="365">In a year</option>
          <option value="never">Never</option>
        </Select>
      </Field>
      <ScopePicker resources={resources} />
      <Button type="submit" busy={create.isPending}>
        Create token
      </Button>
    </form>
  );
}

export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const revoke = useMutation(trpc.apiClients.revokePersonalToken.mutationOptions({ onSuccess: refresh }));
  return (
    <ConfirmButton
      size="sm"
      variant="ghost"
      busy={revoke.isPending}
      error={revoke.error}
      confirm={{ title: `Revoke ${name}?`, body: 'Scripts using it stop working at once.', confirmLabel: 'Revoke' }}
      onConfirm={() => revoke.mutate({ id })}
    >
      Revoke
    </ConfirmButton>
  );
}
