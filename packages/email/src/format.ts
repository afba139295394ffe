// Money is formatted by the one formatter the driver pages share (@magma/tariff/format-money).
export { formatMoney } from '@magma/tariff/format-money';
import { formatDateTime as formatLocalDateTime, type Locale } from '@magma/i18n';

export function formatQuantity(quantity: number, unit: string): string {
  const text = Number.isInteger(quantity)
    ? String(quantity)
    : quantity.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
  return unit ? `${text} ${unit}` : text;
}

export function formatEnergy(wh: number): string {
  return formatQuantity(Math.round(wh) / 1000, 'kWh');
}

export function formatDateTime(at: Date, timeZone = 'Asia/Kolkata', locale: Locale = 'en'): string {
  return formatLocalDateTime(at, locale, timeZone);
}
