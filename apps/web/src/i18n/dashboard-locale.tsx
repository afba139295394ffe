'use client';

import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { DEFAULT_LOCALE, dashboardT, type DashboardT, type Locale } from '@magma/i18n';

// The dashboard's language for its client components, set once by the dashboard layout. Outside it
// (the platform host's pages share a few components) the dashboard speaks English.

const DashboardLocaleContext = createContext<Locale>(DEFAULT_LOCALE);

export function DashboardLocaleProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <DashboardLocaleContext.Provider value={locale}>{children}</DashboardLocaleContext.Provider>;
}

export function useDashboardLocale(): Locale {
  return useContext(DashboardLocaleContext);
}

/** `const t = useDashboardT()` in a client component; server components call dashboardT(await dashboardLocale()). */
export function useDashboardT(): DashboardT {
  const locale = useDashboardLocale();
  return useMemo(() => dashboardT(locale), [locale]);
}
