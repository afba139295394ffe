import { formatMinor } from '@magma/tariff';

// Prices are typed in rupees and stored in paise. Text is converted digit by digit (never through
// a float), and anything finer than a paisa is rounded half up, once, here.

export type ParsedAmount = { ok: true; minor: number | null } | { ok: false; error: string };

const MAX_MINOR = 1_000_000_000;

/** "22.50" → 2250; "22.505" → 2251 (half up); "" → null (no price); "abc" → an error in words. */
export function parseMajor(text: string, minorUnits = 2): ParsedAmount {
  const s = text.replace(/[₹,\s]/g, '');
  if (s === '') return { ok: true, minor: null };
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return { ok: false, error: s.startsWith('-') ? 'Prices cannot be negative' : 'Enter an amount like 22.50' };
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  const frac = m[2] ?? '';
  if (whole.length > 10) return { ok: false, error: 'That amount is too large' };
  const kept = frac.slice(0, minorUnits).padEnd(minorUnits, '0');
  const roundUp = (frac[minorUnits] ?? '0') >= '5' ? 1 : 0;
  const minor = Number(whole) * 10 ** minorUnits + Number(kept || '0') + roundUp;
  if (minor > MAX_MINOR) return { ok: false, error: 'That amount is too large' };
  return { ok: true, minor };
}

/** 2250 → "22.50", for an input's value. */
export function toMajorText(minor: number | undefined | null, minorUnits = 2): string {
  return minor === undefined || minor === null ? '' : formatMinor(minor, minorUnits);
}

export function currencySymbol(currency: string): string {
  return currency === 'INR' ? '₹' : `${currency} `;
}

/** "₹1,234.50": grouping is applied to the digits of formatMinor, so no float is involved. */
export function formatMoney(minor: number, currency: string, minorUnits = 2): string {
  const [whole, frac] = formatMinor(Math.abs(minor), minorUnits).split('.') as [string, string | undefined];
  const last3 = whole.slice(-3);
  const rest = whole.slice(0, -3);
  const grouped = rest ? `${rest.replace(/\B(?=(\d{2})+(?!\d))/g, ',')},${last3}` : last3;
  return `${minor < 0 ? '−' : ''}${currencySymbol(currency)}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}
