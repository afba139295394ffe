import { z } from 'zod';

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #1a2b3c');

export const THEME_COLOR_KEYS = ['primary', 'accent', 'background', 'surface', 'text', 'muted'] as const;

/** What a tenant may override on top of its theme. Stored in Tenant.themeOverrides. */
export const themeOverridesSchema = z.object({
  colors: z.partialRecord(z.enum(THEME_COLOR_KEYS), hex).optional(),
  /** An uploaded logo as a data URL (SVG, PNG or JPEG), at most ~200 kB. */
  logoDataUrl: z
    .string()
    .max(280_000, 'The logo must be smaller than 200 kB')
    .regex(/^data:image\/(svg\+xml|png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/, 'Upload an SVG, PNG, JPEG or WebP image')
    .optional(),
  senderName: z.string().trim().min(1).max(80).optional(),
});

export type ThemeOverrides = z.infer<typeof themeOverridesSchema>;

/** Reads stored overrides leniently: anything invalid is dropped rather than breaking the page. */
export function parseThemeOverrides(value: unknown): ThemeOverrides {
  const r = themeOverridesSchema.safeParse(value ?? {});
  return r.success ? r.data : {};
}
