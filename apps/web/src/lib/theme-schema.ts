import { z } from 'zod';
import { accessiblePalette, darkPalette, type AccessiblePalette } from './contrast.ts';

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const file = z.string().regex(/^[a-z0-9-]+\.(svg|png)$/, 'A file name inside the theme folder');

/** themes/<key>/theme.json */
export const themeJsonSchema = z.object({
  name: z.string().min(1),
  colors: z.object({ primary: hex, accent: hex, background: hex, surface: hex, text: hex, muted: hex }),
  fonts: z.object({ body: z.string().min(1), heading: z.string().min(1) }),
  logo: z.object({ light: file, mark: file }),
  email: z.object({ senderName: z.string().min(1), senderAddress: z.email() }),
  support: z.object({ email: z.email(), phone: z.string().nullable(), url: z.url().nullable() }),
});

export type ThemeJson = z.infer<typeof themeJsonSchema>;
export type ThemeColors = ThemeJson['colors'];

/** A theme with its logo files inlined, ready to render. */
export type Theme = ThemeJson & { key: string; logoSrc: string; markSrc: string };

/** The brand a tenant's pages render: its theme with the tenant's overrides applied. */
export type Brand = {
  themeKey: string;
  name: string;
  colors: ThemeColors;
  fonts: ThemeJson['fonts'];
  logoSrc: string;
  markSrc: string;
  senderName: string;
  senderAddress: string;
  supportEmail: string;
};

function paletteVars(prefix: string, p: AccessiblePalette): Record<string, string> {
  return {
    [`--${prefix}-primary`]: p.primary,
    [`--${prefix}-on-primary`]: p.onPrimary,
    [`--${prefix}-accent`]: p.accent,
    [`--${prefix}-background`]: p.background,
    [`--${prefix}-surface`]: p.surface,
    [`--${prefix}-text`]: p.text,
    [`--${prefix}-muted`]: p.muted,
  };
}

/**
 * CSS custom properties consumed by globals.css (which picks the light or dark set by the element's
 * data-scheme) and through it by Tailwind and @magma/ui. The theme's colours are adjusted here so text
 * reaches 4.5:1 whatever an operator chose (src/lib/contrast.ts).
 */
export function brandCssVars(brand: Pick<Brand, 'colors' | 'fonts'>): Record<string, string> {
  return {
    ...paletteVars('light', accessiblePalette(brand.colors)),
    ...paletteVars('dark', darkPalette(brand.colors)),
    '--brand-font-body': brand.fonts.body,
    '--brand-font-heading': brand.fonts.heading,
  };
}
