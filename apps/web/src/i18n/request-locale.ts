import 'server-only';
import { cookies, headers } from 'next/headers';
import { LOCALE_COOKIE, requestLocale, type Locale } from '@magma/i18n';

/** The language of this request's driver page: the switch's cookie, else Accept-Language, else English. */
export async function driverLocale(): Promise<Locale> {
  const [c, h] = await Promise.all([cookies(), headers()]);
  return requestLocale({ cookie: c.get(LOCALE_COOKIE)?.value, acceptLanguage: h.get('accept-language') });
}
