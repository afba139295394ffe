import type { CSSProperties, ReactNode } from 'react';
import { cookies } from 'next/headers';
import { brandCssVars } from '@/lib/theme-schema.ts';
import { COLOR_SCHEME_COOKIE, parseColorScheme } from '@/lib/color-scheme.ts';
import { DEFAULT_THEME, getTheme } from '@/server/themes.ts';
import { TRPCReactProvider } from '@/trpc/react.tsx';

export const metadata = { title: { default: 'Platform', template: '%s · Platform' } };

/** The platform's own host (PLATFORM_DOMAIN): the product's default brand, platform admins only. */
export default async function PlatformLayout({ children }: { children: ReactNode }) {
  const theme = getTheme(DEFAULT_THEME);
  const scheme = parseColorScheme((await cookies()).get(COLOR_SCHEME_COOKIE)?.value);
  return (
    <div style={brandCssVars(theme) as CSSProperties} data-scheme={scheme} className="min-h-screen bg-bg text-fg">
      <TRPCReactProvider>{children}</TRPCReactProvider>
    </div>
  );
}
