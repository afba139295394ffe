import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseThemeOverrides } from '@magma/api';
import { env } from '../env.ts';
import { themeJsonSchema, type Brand, type Theme } from '../lib/theme-schema.ts';

// Themes are read from disk once per process and validated; a broken theme.json fails loudly at
// first use instead of rendering half a brand.

export const DEFAULT_THEME = 'magma';

function themesDir(): string {
  if (env.THEMES_DIR) return path.resolve(env.THEMES_DIR);
  for (let dir = process.cwd(), i = 0; i < 5; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'themes');
    if (existsSync(path.join(candidate, DEFAULT_THEME, 'theme.json'))) return candidate;
  }
  throw new Error('themes/ not found: set THEMES_DIR');
}

function dataUrl(file: string): string {
  const mime = file.endsWith('.svg') ? 'image/svg+xml' : 'image/png';
  return `data:${mime};base64,${readFileSync(file).toString('base64')}`;
}

export function loadThemesFrom(dir: string): Map<string, Theme> {
  const themes = new Map<string, Theme>();
  for (const key of readdirSync(dir).sort()) {
    const json = path.join(dir, key, 'theme.json');
    if (!existsSync(json)) continue;
    const r = themeJsonSchema.safeParse(JSON.parse(readFileSync(json, 'utf8')));
    if (!r.success)
      throw new Error(
        `themes/${key}/theme.json: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      );
    themes.set(key, {
      ...r.data,
      key,
      logoSrc: dataUrl(path.join(dir, key, r.data.logo.light)),
      markSrc: dataUrl(path.join(dir, key, r.data.logo.mark)),
    });
  }
  if (!themes.has(DEFAULT_THEME)) throw new Error(`themes/${DEFAULT_THEME} is missing`);
  return themes;
}

let cache: Map<string, Theme> | undefined;

export function getThemes(): Map<string, Theme> {
  return (cache ??= loadThemesFrom(themesDir()));
}

export function themeKeys(): string[] {
  return [...getThemes().keys()];
}

export function getTheme(key: string, themes: Map<string, Theme> = getThemes()): Theme {
  return themes.get(key) ?? themes.get(DEFAULT_THEME)!;
}

/** The tenant's theme with its stored overrides (colours, uploaded logo, sender name) applied. */
export function brandFor(
  tenant: { themeKey: string; themeOverrides: unknown; supportEmail: string | null },
  themes: Map<string, Theme> = getThemes(),
): Brand {
  const theme = getTheme(tenant.themeKey, themes);
  const o = parseThemeOverrides(tenant.themeOverrides);
  return {
    themeKey: theme.key,
    name: theme.name,
    colors: { ...theme.colors, ...o.colors },
    fonts: theme.fonts,
    logoSrc: o.logoDataUrl ?? theme.logoSrc,
    markSrc: o.logoDataUrl ?? theme.markSrc,
    senderName: o.senderName ?? theme.email.senderName,
    senderAddress: theme.email.senderAddress,
    supportEmail: tenant.supportEmail ?? theme.support.email,
  };
}
