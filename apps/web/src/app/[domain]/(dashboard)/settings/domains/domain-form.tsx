'use client';

import { type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { ConfirmButton } from '@/components/confirm-dialog.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

export function DomainForm() {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const add = useMutation(trpc.tenant.addDomain.mutationOptions({ onSuccess: refresh }));
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    add.mutate({ host: String(new FormData(form).get('host') ?? '') }, { onSuccess: () => form.reset() });
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3">
      {add.error ? <Alert>{errorMessage(add.error)}</Alert> : null}
      {add.isSuccess ? (
        <Alert tone="success">{add.data.host} is added. Add its TXT record (in the list), then press Verify.</Alert>
      ) : null}
      <Field label="Host name">
        <Input name="host" required placeholder="charge.yourbrand.in" />
      </Field>
      <Button type="submit" busy={add.isPending}>
        Add domain
      </Button>
    </form>
  );
}

export function RemoveDomainButton({ id, host }: { id: string; host: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const remove = useMutation(trpc.tenant.removeDomain.mutationOptions({ onSuccess: refresh }));
  return (
    <ConfirmButton
      variant="ghost"
      size="sm"
      busy={remove.isPending}
      error={remove.error}
      confirm={{
        title: `Stop serving ${host}?`,
        body: `Visitors to ${host} no longer reach your dashboard or driver pages.`,
        confirmLabel: 'Remove domain',
      }}
      onConfirm={() => remove.mutate({ id })}
    >
      Remove
    </ConfirmButton>
  );
}

export function VerifyDomainButton({ id }: { id: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const verify = useMutation(
    trpc.tenant.verifyDomain.mutationOptions({ onSuccess: (r) => (r.verified ? refresh() : undefined) }),
  );
  return (
    <div className="space-y-2 pt-1">
      <Button size="sm" busy={verify.isPending} onClick={() => verify.mutate({ id })}>
        Verify
      </Button>
      {verify.error ? <Alert>{errorMessage(verify.error)}</Alert> : null}
      {verify.data ? (
        <div data-testid="verify-result">
          <Alert tone={verify.data.verified ? 'success' : 'info'}>{verify.data.message}</Alert>
        </div>
      ) : null}
    </div>
  );
}
