import { z } from 'zod';
import { PaymentError } from '../errors.ts';
import { basicAuthorization } from '../parse-webhook-body.ts';
import { parseResponse } from '../parse.ts';
import { razorpayExchange } from './razorpay-exchange.ts';

// What an operator enters for its RazorpayX account (Settings → Payouts), and the harmless call
// that proves it: listing one transaction of the source account (RazorpayX "Fetch all
// transactions", GET /v1/transactions?account_number=…), which needs both the API key and an
// account number of that business.

const token = (name: string, max = 200) =>
  z
    .string()
    .trim()
    .min(1, `${name} is required`)
    .max(max, `${name} is at most ${max} characters`)
    .regex(/^[\x21-\x7e]+$/, `${name} has characters a RazorpayX key never has`);

export const razorpayXCredentialsSchema = z.object({
  keyId: token('Key id', 64).regex(/^rzp_(test|live)_/, 'A Razorpay key id starts with rzp_test_ or rzp_live_'),
  keySecret: token('Key secret'),
  accountNumber: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z]{5,35}$/, 'The RazorpayX account number is 5 to 35 letters or digits'),
  webhookSecret: token('Webhook secret'),
});

export type RazorpayXCredentials = z.infer<typeof razorpayXCredentialsSchema>;

const transactions = z.object({ entity: z.literal('collection'), count: z.number().int() });

export type RailCheck = { ok: true; message: string } | { ok: false; message: string };

/** Checks the key and the source account against RazorpayX without moving money. */
export async function checkRazorpayXAccount(
  c: Pick<RazorpayXCredentials, 'keyId' | 'keySecret' | 'accountNumber'> & { baseUrl?: string; timeoutMs?: number },
): Promise<RailCheck> {
  try {
    const data = await razorpayExchange(
      {
        base: c.baseUrl ?? 'https://api.razorpay.com',
        authorization: basicAuthorization(c.keyId, c.keySecret),
        provider: 'razorpayx',
        name: 'RazorpayX',
        timeoutMs: c.timeoutMs ?? 10_000,
      },
      { method: 'GET', path: `/v1/transactions?account_number=${encodeURIComponent(c.accountNumber)}&count=1` },
    );
    parseResponse('razorpayx', transactions, data);
    return { ok: true, message: 'RazorpayX accepted the key and the account number' };
  } catch (e) {
    if (!PaymentError.is(e)) throw e;
    if (e.status === 401) return { ok: false, message: 'RazorpayX refused the key id or key secret' };
    return { ok: false, message: e.message };
  }
}
