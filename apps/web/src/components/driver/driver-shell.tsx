import type { ReactNode } from 'react';
import '@fontsource/noto-sans-devanagari/devanagari-400.css';
import '@fontsource/noto-sans-devanagari/devanagari-600.css';
import '@fontsource/noto-sans-devanagari/devanagari-700.css';
import './driver-fonts.css';
import { driverT, type Locale } from '@magma/i18n';
import { LanguageSwitch } from './language-switch.tsx';

/**
 * The phone-sized frame of every driver page: the operator's logo and name, nothing of ours, and the
 * language switch; `lang` on the frame tells browsers and screen readers the page's language. In
 * test mode (an admin's explicit choice) a banner says no real money moves.
 */
export function DriverShell({
  logoSrc,
  name,
  locale,
  testMode = false,
  children,
}: {
  logoSrc: string;
  name: string;
  locale: Locale;
  testMode?: boolean;
  children: ReactNode;
}) {
  const t = driverT(locale);
  return (
    <div
      lang={locale}
      data-testid="driver-shell"
      className="driver-shell mx-auto flex min-h-screen max-w-md flex-col px-4 pb-10"
    >
      {testMode ? (
        <div
          role="status"
          data-testid="test-mode-banner"
          className="-mx-4 bg-amber-300 px-4 py-2 text-center text-sm font-semibold text-amber-950"
        >
          {t('shell.testMode')}
        </div>
      ) : null}
      <header className="flex items-center gap-3 py-4">
        {/* An inline data URL from the theme: next/image adds nothing here. */}
        <img src={logoSrc} alt={name} className="h-8 w-auto" />
        <span className="sr-only">{name}</span>
        <LanguageSwitch locale={locale} />
      </header>
      <main className="flex flex-1 flex-col gap-4">{children}</main>
    </div>
  );
}

const TONES = {
  available: 'bg-emerald-100 text-emerald-800 border-emerald-300',
  busy: 'bg-amber-100 text-amber-900 border-amber-300',
  faulted: 'bg-red-100 text-red-800 border-red-300',
  offline: 'bg-zinc-200 text-zinc-700 border-zinc-300',
  unavailable: 'bg-zinc-200 text-zinc-700 border-zinc-300',
} as const;

export function AvailabilityBadge({ state, locale }: { state: keyof typeof TONES; locale: Locale }) {
  return (
    <span
      data-testid="connector-state"
      className={`inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-full border px-3 py-1 text-sm font-semibold ${TONES[state]}`}
    >
      <span className="h-2 w-2 rounded-full bg-current" aria-hidden />
      {driverT(locale)(`state.${state}`)}
    </span>
  );
}
