// The languages driver pages and emails speak, and how one is chosen: the driver's own choice (a
// cookie set by the switch) first, then the browser's Accept-Language, then English.

export const LOCALES = ['en', 'hi'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The cookie the language switch sets; a year, the whole tenant host. */
export const LOCALE_COOKIE = 'magma-locale';
export const LOCALE_COOKIE_MAX_AGE_S = 365 * 24 * 3600;

/** Each language named in itself, as the switch shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', hi: 'हिन्दी' };

/** The BCP 47 tag Intl formats dates and numbers with: Indian English, Hindi in India. */
export const INTL_TAGS: Record<Locale, string> = { en: 'en-IN', hi: 'hi-IN' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** A stored or posted value as a locale, or null for anything else (never trusted as given). */
export function parseLocale(value: unknown): Locale | null {
  return isLocale(value) ? value : null;
}

/** Longer headers are cut: no browser sends more, and parsing stays cheap. */
const MAX_ACCEPT_LANGUAGE = 512;
const RANGE = /^([a-z]{1,8})(?:-[a-z0-9]{1,8})*$/i;

/**
 * The best of our languages for an Accept-Language header (RFC 9110 §12.5.4): ranges by quality,
 * ties in the header's order, a range matching by its primary subtag ("hi-IN" is Hindi), "*" and
 * unknown languages ignored, q=0 meaning "not this one". English when nothing matches.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranges: { locale: Locale; q: number; order: number }[] = [];
  const parts = acceptLanguage.slice(0, MAX_ACCEPT_LANGUAGE).split(',');
  parts.forEach((part, order) => {
    const [tag = '', ...params] = part.trim().split(';');
    const m = RANGE.exec(tag.trim());
    if (!m) return;
    const primary = m[1]!.toLowerCase();
    if (!isLocale(primary)) return;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k?.trim().toLowerCase() !== 'q' || v === undefined) continue;
      const n = Number(v.trim());
      q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(v.trim()) && Number.isFinite(n) ? n : 0;
    }
    if (q > 0) ranges.push({ locale: primary, q, order });
  });
  ranges.sort((a, b) => b.q - a.q || a.order - b.order);
  return ranges[0]?.locale ?? DEFAULT_LOCALE;
}

/** The locale of a request: the switch's cookie if it names one of ours, else the browser's. */
export function requestLocale({
  cookie,
  acceptLanguage,
}: {
  cookie: string | null | undefined;
  acceptLanguage: string | null | undefined;
}): Locale {
  return parseLocale(cookie) ?? negotiateLocale(acceptLanguage);
}
