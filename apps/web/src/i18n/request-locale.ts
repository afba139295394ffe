import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { LOCALE_COOKIE, parseLocale, requestLocale, type Locale } from '@magma/i18n';
import { getContext } from '@/server/api.ts';

/** The language of this request's driver page: the switch's cookie, else Accept-Language, else English. */
export async function driverLocale(): Promise<Locale> {
  const [c, h] = await Promise.all([cookies(), headers()]);
  return requestLocale({ cookie: c.get(LOCALE_COOKIE)?.value, acceptLanguage: h.get('accept-language') });
}

/**
 * The language of this request's dashboard page: the signed-in user's choice (Your account), else
 * what a driver page would use (the `magma-locale` cookie, then Accept-Language, then English).
 * Once per request: the layout and the page both ask.
 */
export const dashboardLocale = cache(async (): Promise<Locale> => {
  const ctx = await getContext();
  return parseLocale(ctx.user?.locale) ?? (await driverLocale());
});
