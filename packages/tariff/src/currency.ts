import { code as isoCurrency } from 'currency-codes';

// ISO 4217 (the currency-codes package carries the maintenance agency's list): which codes are
// currencies and how many digits their minor unit has. Prices are integers of that minor unit, and
// payments are taken in it, so a tariff's minorUnits must be the currency's own.

/** ISO 4217 codes with no minor unit ("N.A."): precious metals, fund and testing codes. */
const NOT_CURRENCIES = new Set([
  'XAU',
  'XAG',
  'XPD',
  'XPT',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XSU',
  'XUA',
  'XTS',
  'XXX',
]);

/** The digits of the ISO 4217 currency's minor unit (INR 2, JPY 0, KWD 3), or null for an unknown code. */
export function isoMinorUnits(code: string): number | null {
  if (!/^[A-Z]{3}$/.test(code) || NOT_CURRENCIES.has(code)) return null;
  return isoCurrency(code)?.digits ?? null;
}
