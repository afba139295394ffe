'use client';

import { useState, type FormEvent } from 'react';
import { signIn } from 'next-auth/react';
import { Alert, Button, Field, Input } from '@magma/ui';
import { sameOriginPath } from '@/lib/same-origin-path.ts';

/** `next` is where to go once signed in: only a page of this same site (see sameOriginPath). */
export function SignInForm({ next = '/' }: { next?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await signIn('credentials', {
      redirect: false,
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    if (!res || res.error) {
      setBusy(false);
      setError(res?.error && res.error !== 'CredentialsSignin' ? res.error : 'Incorrect email or password.');
      return;
    }
    // A full load: every layout renders again for the signed-in member, and the page arrives whole
    // rather than as the dashboard's loading placeholder first.
    window.location.replace(sameOriginPath(next, window.location.origin));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error ? <Alert>{error}</Alert> : null}
      <Field label="Email">
        <Input name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field label="Password">
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" busy={busy} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
