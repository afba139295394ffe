import { z } from 'zod';
import { formatMoney } from '@magma/tariff/format-money';

// What the connector page posts. Amounts are whole rupees or kWh with one decimal; the use case
// turns them into paise once, with the tariff's own rounding.

export const MIN_PREPAID_MINOR = 50_00;
export const MAX_PREPAID_MINOR = 5_000_00;
export const MIN_PREPAID_KWH = 1;
export const MAX_PREPAID_KWH = 150;

/** The range a driver may prepay, in words: "Enter an amount between ₹50 and ₹5,000". */
export const AMOUNT_RANGE_MESSAGE = `Enter an amount between ${formatMoney(MIN_PREPAID_MINOR, 'INR', { whole: true })} and ${formatMoney(MAX_PREPAID_MINOR, 'INR', { whole: true })}`;
export const ENERGY_RANGE_MESSAGE = `Enter an energy between ${MIN_PREPAID_KWH} and ${MAX_PREPAID_KWH} kWh`;

const sessionToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Bad session token');
const code = z.array(z.string().min(1).max(64)).min(1).max(2);
const email = z
  .string()
  .trim()
  .max(200)
  .transform((v) => (v === '' ? null : v.toLowerCase()))
  .pipe(z.email('Enter a valid email or leave it empty').nullable())
  .optional()
  .transform((v) => v ?? null);

export const paidSessionInput = z.object({
  sessionToken,
  code,
  choice: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('amount'),
      rupees: z.coerce
        .number({ error: AMOUNT_RANGE_MESSAGE })
        .int('Enter whole rupees, without paise')
        .min(MIN_PREPAID_MINOR / 100, AMOUNT_RANGE_MESSAGE)
        .max(MAX_PREPAID_MINOR / 100, AMOUNT_RANGE_MESSAGE),
    }),
    z.object({
      kind: z.literal('energy'),
      kwh: z.coerce
        .number({ error: ENERGY_RANGE_MESSAGE })
        .min(MIN_PREPAID_KWH, ENERGY_RANGE_MESSAGE)
        .max(MAX_PREPAID_KWH, ENERGY_RANGE_MESSAGE)
        .multipleOf(0.1, 'Enter the energy with at most one decimal, e.g. 12.5 kWh'),
    }),
  ]),
  email,
});
export type PaidSessionInput = z.input<typeof paidSessionInput>;

export const pinValue = z
  .string()
  .trim()
  .regex(/^\d{4,8}$/, 'A PIN is 4 to 8 digits');

export const pinSessionInput = z.object({ sessionToken, code, pin: pinValue, email });
export type PinSessionInput = z.input<typeof pinSessionInput>;
