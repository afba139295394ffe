'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S, LOCALE_NAMES, LOCALES, driverT, type Locale } from '@magma/i18n';

/**
 * English / हिन्दी: the choice is kept in a cookie for this host (a year), wins over the browser's
 * Accept-Language on every driver page, and goes with the session the driver pays for so its
 * emails are written in it.
 */
export function LanguageSwitch({ locale }: { locale: Locale }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const choose = (next: Locale) => {
    if (next === locale) return;
    document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE_S}; samesite=lax`;
    startTransition(() => router.refresh());
  };
  return (
    <nav aria-label={driverT(locale)('shell.language')} className="ml-auto" data-testid="language-switch">
      <ul className="flex items-center gap-1 text-sm">
        {LOCALES.map((l) => (
          <li key={l}>
            <button
              type="button"
              lang={l}
              aria-pressed={l === locale}
              disabled={pending}
              onClick={() => choose(l)}
              data-testid={`language-${l}`}
              className={`rounded-md px-2 py-1 font-medium ${l === locale ? 'bg-tint text-fg underline underline-offset-4' : 'text-primary'}`}
            >
              {LOCALE_NAMES[l]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
