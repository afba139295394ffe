import { code as isoCurrency } from 'currency-codes';

// Money for people, from integer minor units with string arithmetic: no float ever sees a paisa.
// One formatter for emails and the driver pages (client and server), so a receipt reads the same
// everywhere: the currency's own ISO 4217 minor unit (INR 2, JPY 0, KWD 3), Indian digit grouping.

const SYMBOLS: Record<string, string> = { INR: '₹', USD: '$', EUR: '€', GBP: '£' };

/** Indian digit grouping: 1234567 → "12,34,567". */
export function groupIndian(units: string): string {
  if (units.length <= 3) return units;
  const last3 = units.slice(-3);
  const rest = units.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
  return `${rest},${last3}`;
}

/** Digits of the currency's minor unit (ISO 4217): INR 2, JPY 0, KWD 3; 2 for a code it does not know. */
export function currencyMinorDigits(currency: string): number {
  return isoCurrency(currency)?.digits ?? 2;
}

/** "₹1,23,456.78", "JPY 1,234", "KWD 1.234", "−₹61.97"; `whole` leaves out a zero minor part ("₹2,000"). */
export function formatMoney(amountMinor: number, currency = 'INR', opts: { whole?: boolean } = {}): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`Not an integer amount of minor units: ${amountMinor}`);
  const sign = amountMinor < 0 ? '−' : '';
  const places = currencyMinorDigits(currency);
  const digits = String(Math.abs(amountMinor)).padStart(places + 1, '0');
  const cut = digits.length - places;
  const units = digits.slice(0, cut);
  const minor = digits.slice(cut);
  const symbol = SYMBOLS[currency] ?? `${currency} `;
  const showMinor = minor !== '' && !(opts.whole && /^0+$/.test(minor));
  return `${sign}${symbol}${groupIndian(units)}${showMinor ? `.${minor}` : ''}`;
}
