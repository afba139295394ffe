'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { ConfirmButton } from '@/components/confirm-dialog.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';
import { VendorOptions } from '@/components/vendor-options.tsx';

type Role = 'OPERATOR_ADMIN' | 'OPERATOR_STAFF' | 'VENDOR_USER';

export function InviteForm({
  vendors,
  vendorAccounts,
}: {
  vendors: { id: string; name: string }[];
  vendorAccounts: boolean;
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [role, setRole] = useState<Role>('OPERATOR_STAFF');
  const invite = useMutation(trpc.user.invite.mutationOptions({ onSuccess: refresh }));

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    invite.mutate(
      {
        email: String(f.get('email') ?? '').trim(),
        role,
        vendorId: role === 'VENDOR_USER' ? String(f.get('vendorId') ?? '') || undefined : undefined,
      },
      { onSuccess: () => form.reset() },
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3">
      {invite.error ? <Alert>{errorMessage(invite.error)}</Alert> : null}
      {invite.isSuccess ? <Alert tone="success">Invitation sent to {invite.data.email}.</Alert> : null}
      <Field label="Email">
        <Input name="email" type="email" required placeholder="name@company.in" />
      </Field>
      <Field label="Role">
        <Select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="OPERATOR_STAFF">Staff — operates chargers, no settings</option>
          <option value="OPERATOR_ADMIN">Admin — everything, including settings</option>
          {vendorAccounts ? <option value="VENDOR_USER">Vendor — only one vendor&apos;s sites</option> : null}
        </Select>
      </Field>
      {role === 'VENDOR_USER' ? (
        <Field label="Vendor">
          <Select name="vendorId" required defaultValue="">
            <option value="" disabled>
              Choose a vendor
            </option>
            <VendorOptions vendors={vendors} />
          </Select>
        </Field>
      ) : null}
      <Button type="submit" busy={invite.isPending}>
        Send invitation
      </Button>
    </form>
  );
}

export function RemoveMemberButton({ id, email }: { id: string; email: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const remove = useMutation(trpc.user.removeMember.mutationOptions({ onSuccess: refresh }));
  return (
    <ConfirmButton
      variant="ghost"
      size="sm"
      busy={remove.isPending}
      error={remove.error}
      confirm={{
        title: `Remove ${email}'s access?`,
        body: `${email} is signed out and can no longer open this dashboard.`,
        confirmLabel: 'Remove access',
      }}
      onConfirm={() => remove.mutate({ id })}
    >
      Remove
    </ConfirmButton>
  );
}

export function RevokeInvitationButton({ id }: { id: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const revoke = useMutation(trpc.user.revokeInvitation.mutationOptions({ onSuccess: refresh }));
  return (
    <ConfirmButton
      variant="ghost"
      size="sm"
      busy={revoke.isPending}
      error={revoke.error}
      confirm={null}
      onConfirm={() => revoke.mutate({ id })}
    >
      Revoke
    </ConfirmButton>
  );
}
