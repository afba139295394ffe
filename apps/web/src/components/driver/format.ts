// Display helpers for the driver pages (client and server). Amounts are integer minor units,
// formatted by the one formatter receipts and emails use: the currency's own ISO 4217 minor unit.
import { formatMoney } from '@magma/tariff/format-money';

export function money(minor: number | null | undefined, currency = 'INR'): string {
  if (minor === null || minor === undefined) return '—';
  return formatMoney(minor, currency);
}

/** A limit or a range end in whole units when it has no minor part: "₹50", "₹2,000". */
export function wholeMoney(minor: number, currency = 'INR'): string {
  return formatMoney(minor, currency, { whole: true });
}

export function kwh(wh: number | null | undefined, digits = 2): string {
  if (wh === null || wh === undefined) return '—';
  return `${(wh / 1000).toFixed(digits)} kWh`;
}

/** An estimate of energy: at most one decimal, thousands grouped ("1,234.5 kWh"). */
export function aboutKwh(wh: number): string {
  return `${new Intl.NumberFormat('en-IN', { maximumFractionDigits: 1 }).format(Math.round(wh / 100) / 10)} kWh`;
}

export function kw(w: number | null | undefined): string {
  if (w === null || w === undefined) return '—';
  return `${(w / 1000).toFixed(1)} kW`;
}

export function elapsed(fromIso: string, toMs: number): string {
  const s = Math.max(0, Math.floor((toMs - Date.parse(fromIso)) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
