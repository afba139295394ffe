import { z } from 'zod';

// What the connector page posts. Amounts are whole rupees or kWh with one decimal; the use case
// turns them into paise once, with the tariff's own rounding.

export const MIN_PREPAID_MINOR = 50_00;
export const MAX_PREPAID_MINOR = 5_000_00;

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
        .number()
        .int('Whole rupees only')
        .min(MIN_PREPAID_MINOR / 100)
        .max(MAX_PREPAID_MINOR / 100),
    }),
    z.object({ kind: z.literal('energy'), kwh: z.coerce.number().min(1).max(150).multipleOf(0.1) }),
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
