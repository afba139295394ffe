import { z } from 'zod';
import { dateTime } from './common.ts';

// Settings → Payouts on REST: the rail and a masked view of the RazorpayX account (never a secret).

export const razorpayXAccountOutput = z.object({
  keyId: z.string(),
  secretHint: z.string().meta({ description: 'The key secret’s last four characters' }),
  accountNumberHint: z.string().meta({ description: 'The source account number’s last four characters' }),
  sealedWith: z.string().meta({ description: 'Id of the PAYMENT_CREDENTIALS_KEYS key that sealed the secrets' }),
  lastTestedAt: dateTime.nullable(),
  lastTestOk: z.boolean().nullable(),
  lastTestMessage: z.string().nullable(),
  webhookPath: z.string().meta({ description: 'Give RazorpayX this path on your host as the payout webhook URL' }),
  updatedAt: dateTime,
});

export const payoutRailSettingsOutput = z.object({
  rail: z.enum(['OFFLINE', 'RAZORPAYX', 'RAZORPAY_ROUTE']),
  canStoreSecrets: z.boolean(),
  razorpayx: razorpayXAccountOutput.nullable(),
});

export const railTestOutput = z.object({ ok: z.boolean(), message: z.string() });

export const routeLinkedAccountsOutput = z.object({
  created: z.number().int().meta({ description: 'Vendors whose Razorpay Route linked account was made now' }),
  skipped: z.array(z.string()).meta({
    description: 'Vendors without a bank account, contact email and phone, or a site address with its PIN code',
  }),
});

const linkedAccount = z.object({
  accountId: z.string().meta({ description: 'Razorpay’s linked account id (acc_…)' }),
  status: z.string().nullable().meta({ description: 'Activation status of the Route product' }),
  createdAt: dateTime,
});

export const routeLinkedAccountsStateOutput = z.object({
  operator: linkedAccount.nullable().meta({ description: 'The operator’s own linked account, once made' }),
  vendorsLinked: z.number().int(),
});

export const operatorLinkedAccountOutput = linkedAccount.extend({
  created: z.boolean().meta({ description: 'False: the account was made before and is returned as it is' }),
});
