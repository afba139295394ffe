'use client';

import { signOut } from 'next-auth/react';
import { Button } from '@magma/ui';
import { useDashboardT } from '@/i18n/dashboard-locale.tsx';

export function SignOutButton() {
  const t = useDashboardT();
  // No server-side redirect: next-auth would build it from NEXTAUTH_URL, which is not this tenant's host.
  async function onClick() {
    await signOut({ redirect: false });
    window.location.assign('/sign-in');
  }
  return (
    <Button variant="ghost" size="sm" onClick={() => void onClick()}>
      {t('shell.signOut')}
    </Button>
  );
}
