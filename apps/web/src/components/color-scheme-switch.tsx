'use client';

import { useState } from 'react';
import { COLOR_SCHEME_COOKIE, nextColorScheme, type ColorScheme } from '@/lib/color-scheme.ts';
import { useDashboardT } from '@/i18n/dashboard-locale.tsx';

const ICON = { system: '◐', light: '☀', dark: '☾' } as const;

/** Cycles system → dark → light; the choice is kept in a cookie for a year and applied at once. */
export function ColorSchemeSwitch({ initial }: { initial: ColorScheme }) {
  const [scheme, setScheme] = useState(initial);
  const t = useDashboardT();
  const label = t(`shell.theme.${scheme}`);
  function onClick() {
    const next = nextColorScheme(scheme);
    setScheme(next);
    document.cookie = `${COLOR_SCHEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    for (const el of document.querySelectorAll('[data-scheme]')) el.setAttribute('data-scheme', next);
  }
  return (
    <button
      type="button"
      onClick={onClick}
      data-testid="color-scheme-switch"
      data-scheme-choice={scheme}
      title={t('shell.themeTitle', { theme: label })}
      aria-label={t('shell.themeLabel', { theme: label })}
      className="inline-flex h-8 w-8 items-center justify-center rounded-md text-base hover:bg-tint"
    >
      <span aria-hidden="true">{ICON[scheme]}</span>
    </button>
  );
}
