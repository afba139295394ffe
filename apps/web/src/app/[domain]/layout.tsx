import type { CSSProperties, ReactNode } from 'react';
import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { getTenantForDomain } from '@/server/tenant.ts';
import { brandCssVars } from '@/lib/theme-schema.ts';
import { COLOR_SCHEME_COOKIE, parseColorScheme } from '@/lib/color-scheme.ts';
import { TRPCReactProvider } from '@/trpc/react.tsx';

type Props = { children: ReactNode; params: Promise<{ domain: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { tenant, brand } = await getTenantForDomain((await params).domain);
  return { title: { default: tenant.name, template: `%s · ${tenant.name}` }, icons: { icon: brand.markSrc } };
}

/** Every tenant page renders inside its brand: the theme's colours and fonts as CSS variables, in the
    user's colour scheme (light, dark or the device's). */
export default async function TenantLayout({ children, params }: Props) {
  const { brand } = await getTenantForDomain((await params).domain);
  const scheme = parseColorScheme((await cookies()).get(COLOR_SCHEME_COOKIE)?.value);
  return (
    <div
      style={brandCssVars(brand) as CSSProperties}
      data-theme={brand.themeKey}
      data-scheme={scheme}
      className="min-h-screen bg-bg text-fg"
    >
      <TRPCReactProvider>{children}</TRPCReactProvider>
    </div>
  );
}
