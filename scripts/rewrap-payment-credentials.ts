// `npm run payments:rewrap`: after a new key is put first in PAYMENT_CREDENTIALS_KEYS (the old one
// kept after it), re-wraps every gateway (and RazorpayX payout) account's data key under the new key in DATABASE_URL, so
// the old key can then be removed. Safe to run again; prints how many accounts it re-wrapped.
import { z } from 'zod';
import { createDb } from '@magma/db';
import { parseCredentialKeys, rewrapPaymentAccounts } from '@magma/core/payments';
import { rewrapPayoutRailAccounts } from '@magma/core/payouts';

const env = z
  .object({
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL'),
    PAYMENT_CREDENTIALS_KEYS: z.string().min(1, 'PAYMENT_CREDENTIALS_KEYS is required'),
  })
  .parse(process.env);

const keyring = parseCredentialKeys(env.PAYMENT_CREDENTIALS_KEYS);
const db = createDb({ url: env.DATABASE_URL, max: 2, applicationName: 'magma-rewrap' });
try {
  const { rewrapped } = await rewrapPaymentAccounts({ db, keyring });
  console.log(`re-wrapped ${rewrapped} payment account(s) under key "${keyring.current.id}"`);
  const payouts = await rewrapPayoutRailAccounts({ db, keyring });
  console.log(`re-wrapped ${payouts.rewrapped} RazorpayX payout account(s) under key "${keyring.current.id}"`);
} finally {
  await db.$disconnect();
}
