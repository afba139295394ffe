import type { CSSProperties, ReactNode } from 'react';
import { brandCssVars } from '@/lib/theme-schema.ts';
import { DEFAULT_THEME, getTheme } from '@/server/themes.ts';
import { TRPCReactProvider } from '@/trpc/react.tsx';

export const metadata = { title: { default: 'Platform', template: '%s · Platform' } };

/** The platform's own host (PLATFORM_DOMAIN): the product's default brand, platform admins only. */
export default function PlatformLayout({ children }: { children: ReactNode }) {
  const theme = getTheme(DEFAULT_THEME);
  return (
    <div style={brandCssVars(theme) as CSSProperties} className="min-h-screen bg-bg text-fg">
      <TRPCReactProvider>{children}</TRPCReactProvider>
    </div>
  );
}
