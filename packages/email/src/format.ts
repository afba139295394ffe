import { code as isoCurrency } from 'currency-codes';

// Money is formatted from integer minor units with string arithmetic: no float ever sees a paisa.

const SYMBOLS: Record<string, string> = { INR: '₹', USD: '$', EUR: '€', GBP: '£' };

/** Indian digit grouping: 1234567 → "12,34,567". */
function groupIndian(units: string): string {
  if (units.length <= 3) return units;
  const last3 = units.slice(-3);
  const rest = units.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
  return `${rest},${last3}`;
}

/** Digits of the currency's minor unit (ISO 4217): INR 2, JPY 0, KWD 3; 2 for a code it does not know. */
function minorDigits(currency: string): number {
  return isoCurrency(currency)?.digits ?? 2;
}

export function formatMoney(amountMinor: number, currency = 'INR'): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`Not an integer amount of minor units: ${amountMinor}`);
  const sign = amountMinor < 0 ? '−' : '';
  const digits = String(Math.abs(amountMinor)).padStart(minorDigits(currency) + 1, '0');
  const cut = digits.length - minorDigits(currency);
  const units = digits.slice(0, cut);
  const minor = digits.slice(cut);
  const symbol = SYMBOLS[currency] ?? `${currency} `;
  return `${sign}${symbol}${groupIndian(units)}${minor ? `.${minor}` : ''}`;
}

export function formatQuantity(quantity: number, unit: string): string {
  const text = Number.isInteger(quantity)
    ? String(quantity)
    : quantity.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
  return unit ? `${text} ${unit}` : text;
}

export function formatEnergy(wh: number): string {
  return formatQuantity(Math.round(wh) / 1000, 'kWh');
}

export function formatDateTime(at: Date, timeZone = 'Asia/Kolkata'): string {
  return new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(at);
}
