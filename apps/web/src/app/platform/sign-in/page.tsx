import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form.tsx';
import { getContext } from '@/server/api.ts';
import { DEFAULT_THEME, getTheme } from '@/server/themes.ts';

export const metadata = { title: 'Sign in' };

export default async function PlatformSignInPage() {
  const ctx = await getContext();
  if (ctx.user?.platformAdmin) redirect('/');
  const theme = getTheme(DEFAULT_THEME);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <img src={theme.logoSrc} alt={theme.name} className="mx-auto mb-8 h-10 w-auto" />
        <div className="rounded-xl border border-line bg-surface p-6 shadow-sm">
          <h1 className="mb-1 text-xl font-semibold">Platform sign-in</h1>
          <p className="mb-5 text-sm text-muted">
            For the team running {theme.name}. Operators sign in on their own domain.
          </p>
          <SignInForm />
        </div>
      </div>
    </main>
  );
}
