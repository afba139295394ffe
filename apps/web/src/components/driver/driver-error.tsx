'use client';

import { useEffect, useState } from 'react';
import { LOCALE_COOKIE, driverT, requestLocale, type Locale } from '@magma/i18n';

/** The driver's language in the browser: the switch's cookie, else the browser's languages. */
function browserLocale(): Locale {
  const cookie = document.cookie
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === LOCALE_COOKIE)?.[1];
  return requestLocale({ cookie, acceptLanguage: navigator.languages.join(',') });
}

/** A driver page that failed to load: said in the driver's language, with a way to try again. */
export function DriverError({ reset }: { reset: () => void }) {
  const [locale, setLocale] = useState<Locale>('en');
  useEffect(() => setLocale(browserLocale()), []);
  const t = driverT(locale);
  return (
    <main lang={locale} className="mx-auto max-w-md p-4">
      <section className="rounded-2xl border border-line bg-surface p-5 shadow-sm" data-testid="driver-error">
        <h1 className="text-xl font-bold">{t('error.title')}</h1>
        <p className="mt-2 text-sm text-muted">{t('error.body')}</p>
        <button
          type="button"
          onClick={reset}
          className="mt-4 rounded-md bg-primary px-4 py-2 text-sm font-semibold text-white"
        >
          {t('error.retry')}
        </button>
      </section>
    </main>
  );
}
