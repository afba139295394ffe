import { INTL_TAGS, type Locale } from './locales.ts';

// Dates, times and numbers in the reader's language. Numbers keep Indian grouping (1,23,456.7) and
// Latin digits in both languages, as Indian Hindi print and UPI apps write them; money stays with
// @magma/tariff's formatMoney, which already groups the Indian way in the tenant's currency.

const DIGITS = { numberingSystem: 'latn' } as const;

/** "5 Dec 2026, 6:30 pm" / "5 दिस॰ 2026, 6:30 pm" in the given zone. */
export function formatDateTime(at: Date, locale: Locale, timeZone = 'Asia/Kolkata'): string {
  return new Intl.DateTimeFormat(INTL_TAGS[locale], {
    ...DIGITS,
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(at);
}

/** A clock time, 24-hour, as tariffs and peak windows are written: "18:00". */
export function formatClock(at: Date | number, locale: Locale, timeZone = 'Asia/Kolkata'): string {
  return new Intl.DateTimeFormat(INTL_TAGS[locale], {
    ...DIGITS,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(at);
}

/** A day as a heading for a time on it: "Sun, 6 Dec" / "रवि, 6 दिस॰". */
export function formatDay(at: Date | number, locale: Locale, timeZone = 'Asia/Kolkata'): string {
  return new Intl.DateTimeFormat(INTL_TAGS[locale], {
    ...DIGITS,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone,
  }).format(at);
}

/** The calendar day of an instant in a zone, to tell whether two instants share one. */
export function dayKey(at: Date | number, timeZone = 'Asia/Kolkata'): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(at);
}

/** A number with Indian grouping and at most `maxFractionDigits` decimals: "1,23,456.5". */
export function formatNumber(n: number, locale: Locale, maxFractionDigits = 1): string {
  return new Intl.NumberFormat(INTL_TAGS[locale], { ...DIGITS, maximumFractionDigits: maxFractionDigits }).format(n);
}
