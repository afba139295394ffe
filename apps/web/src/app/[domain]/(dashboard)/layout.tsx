import type { ReactNode } from 'react';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { features } from '@magma/api';
import { getContext, serverApi } from '@/server/api.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { navFor } from '@/lib/nav.ts';
import { SignOutButton } from '@/components/sign-out-button.tsx';
import { DashboardNav } from '@/components/dashboard-nav.tsx';
import { GlobalSearch } from '@/components/global-search.tsx';
import { ColorSchemeSwitch } from '@/components/color-scheme-switch.tsx';
import { COLOR_SCHEME_COOKIE, parseColorScheme } from '@/lib/color-scheme.ts';
import { isDark } from '@/lib/contrast.ts';
import { cookies } from 'next/headers';
import { LiveProvider } from '@/components/dashboard/live.tsx';
import { settle } from '@/components/dashboard/errors.tsx';

type Props = { children: ReactNode; params: Promise<{ domain: string }> };

const ROLE_LABEL = {
  PLATFORM_ADMIN: 'Platform admin',
  OPERATOR_ADMIN: 'Admin',
  OPERATOR_STAFF: 'Staff',
  VENDOR_USER: 'Site owner',
} as const;

export default async function DashboardLayout({ children, params }: Props) {
  const { tenant, brand } = await getTenantForDomain((await params).domain);
  const ctx = await getContext();
  if (!ctx.user || !ctx.scope) redirect('/sign-in');
  const nav = navFor({ role: ctx.scope.role, features: features(tenant.plan) });
  // The open-fault count beside Faults; the nav keeps it current from the live stream.
  const faults = await settle((await serverApi()).faults.page({ state: 'open', limit: 1 }));
  const scheme = parseColorScheme((await cookies()).get(COLOR_SCHEME_COOKIE)?.value);
  return (
    <LiveProvider root>
      <div className="min-h-screen">
        <a
          href="#main"
          className="sr-only z-50 rounded-md bg-surface px-3 py-2 text-sm font-medium text-fg shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
        >
          Skip to content
        </a>
        <header className="relative border-b border-line bg-surface">
          <div className="mx-auto flex max-w-7xl items-center gap-3 px-4 py-3">
            <Link href="/" className="flex shrink-0 items-center gap-2" aria-label={tenant.name}>
              <img
                src={brand.logoSrc}
                alt={tenant.name}
                // A light theme's logo is drawn for light backgrounds: in dark mode it sits on a light chip.
                className={`h-8 w-auto max-w-28 object-contain object-left sm:max-w-none ${isDark(brand.colors) ? '' : 'dark:rounded dark:bg-white dark:px-1'}`}
              />
            </Link>
            <DashboardNav
              items={[
                ...nav.map(({ href, label, more }) => ({ href, label, more })),
                { href: '/search', label: 'Search', more: true },
              ]}
              openFaults={faults.ok ? faults.value.openCount : null}
            />
            <div className="ml-auto flex shrink-0 items-center gap-1 text-sm sm:gap-3">
              <GlobalSearch timeZone={tenant.timezone} />
              {/* The full address where the header has room for it; a monogram with the same words otherwise.
                Both lead to the user's own account page (password change). */}
              <Link href="/account" className="hidden text-right hover:underline 2xl:block">
                <span className="block font-medium" data-testid="user-email">
                  {ctx.user.email}
                </span>
                <span className="block text-xs text-muted">{ROLE_LABEL[ctx.scope.role]}</span>
              </Link>
              <Link
                href="/account"
                className="hidden h-8 w-8 items-center justify-center rounded-full bg-tint font-semibold uppercase sm:flex 2xl:hidden"
                title={`${ctx.user.email} · ${ROLE_LABEL[ctx.scope.role]}`}
                aria-label={`Signed in as ${ctx.user.email} (${ROLE_LABEL[ctx.scope.role]}): your account`}
              >
                {ctx.user.email.charAt(0)}
              </Link>
              <ColorSchemeSwitch initial={scheme} />
              <SignOutButton />
            </div>
          </div>
        </header>
        <main
          id="main"
          tabIndex={-1}
          className="mx-auto max-w-7xl px-4 py-8 [&_.grid>*]:min-w-0 [&_code]:wrap-anywhere"
        >
          {children}
        </main>
      </div>
    </LiveProvider>
  );
}
