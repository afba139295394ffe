'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { signIn } from 'next-auth/react';
import { Alert, Button, Field, Input } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';
import { useDashboardT } from '@/i18n/dashboard-locale.tsx';

export function PasswordForm({ email }: { email: string }) {
  const trpc = useTRPC();
  const t = useDashboardT();
  const refresh = useRefresh();
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const change = useMutation(trpc.user.changePassword.mutationOptions());

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const currentPassword = String(f.get('currentPassword') ?? '');
    const newPassword = String(f.get('newPassword') ?? '');
    const mismatched = newPassword !== String(f.get('confirmPassword') ?? '');
    setDone(false);
    setMismatch(mismatched);
    if (mismatched) return;
    try {
      await change.mutateAsync({ currentPassword, newPassword });
    } catch {
      return; // shown from change.error
    }
    // The change ended every session, this one too: sign in again with the new password.
    const res = await signIn('credentials', { redirect: false, email, password: newPassword });
    if (!res || res.error) {
      window.location.assign('/sign-in');
      return;
    }
    form.reset();
    setDone(true);
    refresh();
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="space-y-3" noValidate>
      {change.error ? <Alert>{errorMessage(change.error)}</Alert> : null}
      {mismatch ? <Alert>{t('account.passwordMismatch')}</Alert> : null}
      {done ? <Alert tone="success">{t('account.passwordChanged')}</Alert> : null}
      <Field label={t('account.currentPassword')}>
        <Input name="currentPassword" type="password" autoComplete="current-password" required />
      </Field>
      <Field label={t('account.newPassword')} hint={t('account.newPasswordHint')}>
        <Input name="newPassword" type="password" autoComplete="new-password" required minLength={8} />
      </Field>
      <Field label={t('account.newPasswordAgain')}>
        <Input name="confirmPassword" type="password" autoComplete="new-password" required minLength={8} />
      </Field>
      <Button type="submit" busy={change.isPending}>
        {t('account.password')}
      </Button>
    </form>
  );
}
