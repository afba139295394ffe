import type { ReactNode } from 'react';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { features } from '@magma/api';
import { getContext, serverApi } from '@/server/api.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { NavPendingProvider, PendingMain } from '@/components/nav-pending.tsx';
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
import '@fontsource/noto-sans-devanagari/devanagari-400.css';
import '@fontsource/noto-sans-devanagari/devanagari-600.css';
import '@fontsource/noto-sans-devanagari/devanagari-700.css';
import '@/i18n/dashboard-fonts.css';
import { dashboardT, type DashboardKey } from '@magma/i18n';
import { dashboardLocale } from '@/i18n/request-locale.ts';
import { DashboardLocaleProvider } from '@/i18n/dashboard-locale.tsx';

type Props = { children: ReactNode; params: Promise<{ domain: string }> };

/** The catalogue key of each registered page's label (lib/nav.ts); a page without one shows its label as is. */
const NAV_KEYS: Record<string, Extract<DashboardKey, `nav.${string}`>> = {
  '/': 'nav.overview',
  '/sites': 'nav.sites',
  '/chargers': 'nav.chargers',
  '/reservations': 'nav.reservations',
  '/sessions': 'nav.sessions',
  '/cards': 'nav.cards',
  '/faults': 'nav.faults',
  '/tariffs': 'nav.tariffs',
  '/settlements': 'nav.settlements',
  '/earnings': 'nav.earnings',
  '/payouts': 'nav.payouts',
  '/vendors': 'nav.vendors',
  '/stickers': 'nav.stickers',
  '/developers/console': 'nav.api',
  '/outbox': 'nav.outbox',
  '/settings': 'nav.settings',
};

export default async function DashboardLayout({ children, params }: Props) {
  const { tenant, brand } = await getTenantForDomain((await params).domain);
  const ctx = await getContext();
  if (!ctx.user || !ctx.scope) redirect('/sign-in');
  const nav = navFor({ role: ctx.scope.role, features: features(tenant.plan) });
  // The open-fault count beside Faults; the nav keeps it current from the live stream.
  const faults = await settle((await serverApi()).faults.page({ state: 'open', limit: 1 }));
  const scheme = parseColorScheme((await cookies()).get(COLOR_SCHEME_COOKIE)?.value);
  const locale = await dashboardLocale();
  const t = dashboardT(locale);
  const role = t(`role.${ctx.scope.role}`);
  return (
    <DashboardLocaleProvider locale={locale}>
      <LiveProvider root>
        <NavPendingProvider>
          <div
            lang={locale}
            className={`min-h-screen ${locale === 'hi' ? 'dashboard-hi' : ''}`}
            data-testid="dashboard-shell"
          >
            <a
              href="#main"
              className="sr-only z-50 rounded-md bg-surface px-3 py-2 text-sm font-medium text-fg shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
            >
              {t('shell.skip')}
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
                    ...nav.map(({ href, label, more }) => {
                      const key = NAV_KEYS[href];
                      return { href, label: key ? t(key) : label, more };
                    }),
                    { href: '/search', label: t('nav.search'), more: true },
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
                    <span className="block text-xs text-muted">{role}</span>
                  </Link>
                  <Link
                    href="/account"
                    className="hidden h-8 w-8 items-center justify-center rounded-full bg-tint font-semibold uppercase sm:flex 2xl:hidden"
                    title={`${ctx.user.email} · ${role}`}
                    aria-label={t('shell.signedInAs', { email: ctx.user.email, role })}
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
              <PendingMain>{children}</PendingMain>
            </main>
          </div>
        </NavPendingProvider>
      </LiveProvider>
    </DashboardLocaleProvider>
  );
}
