'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { signIn } from 'next-auth/react';
import { Alert, Button, Field, Input } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage } from '@/components/use-action.ts';

export function AcceptInviteForm({
  token,
  email,
  hasPassword,
}: {
  token: string;
  email: string;
  hasPassword: boolean;
}) {
  const trpc = useTRPC();
  const [mismatch, setMismatch] = useState(false);
  const accept = useMutation(trpc.user.acceptInvitation.mutationOptions());

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const password = String(f.get('password') ?? '');
    if (!hasPassword && password !== String(f.get('confirm') ?? '')) return setMismatch(true);
    setMismatch(false);
    const accepted = await accept.mutateAsync({ token, name: String(f.get('name') ?? ''), password }).then(
      () => true,
      () => false, // shown from accept.error
    );
    if (!accepted) return;
    const res = await signIn('credentials', { redirect: false, email, password });
    window.location.assign(res?.ok ? '/' : '/sign-in');
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="space-y-4">
      {accept.error ? <Alert>{errorMessage(accept.error)}</Alert> : null}
      {mismatch ? <Alert>The passwords do not match.</Alert> : null}
      <Field label="Email">
        <Input value={email} readOnly disabled />
      </Field>
      <Field label="Your name">
        <Input name="name" required autoComplete="name" />
      </Field>
      {hasPassword ? (
        <Field label="Your current password" hint="You already have an account: confirm it with its password.">
          <Input name="password" type="password" required autoComplete="current-password" />
        </Field>
      ) : (
        <>
          <Field label="Choose a password" hint="At least 8 characters.">
            <Input name="password" type="password" required minLength={8} autoComplete="new-password" />
          </Field>
          <Field label="Repeat the password">
            <Input name="confirm" type="password" required minLength={8} autoComplete="new-password" />
          </Field>
        </>
      )}
      <Button type="submit" busy={accept.isPending} className="w-full">
        Accept and sign in
      </Button>
    </form>
  );
}
