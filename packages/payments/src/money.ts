import { PaymentError } from './errors.ts';

// Juspay speaks rupees as decimals; conversion is done on strings so no float ever touches money.

export function assertMinor(amountMinor: number, what = 'amountMinor'): void {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    throw new RangeError(`${what} must be a positive integer number of minor units, got ${amountMinor}`);
  }
}

/**
 * A refund under the gateway's documented minimum would only be refused by the gateway, so it is
 * refused here without a request. BAD_INPUT, not a RangeError: callers treat it as a final refusal,
 * not as something to send again.
 */
export function assertRefundable({
  provider,
  amountMinor,
  minRefundMinor,
}: {
  provider: string;
  amountMinor: number;
  minRefundMinor: number;
}): void {
  assertMinor(amountMinor);
  if (amountMinor < minRefundMinor) {
    throw new PaymentError({
      code: 'BAD_INPUT',
      provider,
      message: `${provider} refuses refunds under ${minorToDecimal(minRefundMinor)}: asked for ${minorToDecimal(amountMinor)}`,
    });
  }
}

/** 12345 → "123.45" */
export function minorToDecimal(amountMinor: number): string {
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  const units = Math.trunc(abs / 100);
  const minor = abs % 100;
  return `${sign}${units}.${String(minor).padStart(2, '0')}`;
}

/**
 * "123.45" | 123.45 → 12345. A number is formatted back through its shortest decimal form first,
 * which is exact for the two-decimal values gateways send; more than two decimals is rejected
 * rather than silently rounded.
 */
export function decimalToMinor(value: string | number): number {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new RangeError(`Not a two-decimal amount: ${JSON.stringify(value)}`);
  const [, sign, units, frac = ''] = m;
  const minor = Number(units) * 100 + Number(frac.padEnd(2, '0'));
  return sign === '-' ? -minor : minor;
}
