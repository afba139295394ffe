import { hmacSha256, safeEqual } from '../crypto.ts';
import { PaymentError } from '../errors.ts';
import { razorpayExchange } from './razorpay-exchange.ts';
import { basicAuthorization, checkWebhookHeader, parseWebhookJson } from '../parse-webhook-body.ts';
import { parseResponse } from '../parse.ts';
import { rzpxContact, rzpxFundAccount, rzpxPayout, rzpxWebhook, type RzpxPayout } from './razorpayx-schemas.ts';
import type {
  Beneficiary,
  BeneficiaryRef,
  PayoutEvent,
  PayoutProvider,
  PayoutRequest,
  PayoutResult,
  PayoutWebhookResult,
} from './types.ts';

export type RazorpayXConfig = {
  keyId: string;
  keySecret: string;
  /** The RazorpayX business account number payouts are debited from. */
  accountNumber: string;
  webhookSecret: string;
  /** Defaults to https://api.razorpay.com; tests point it at a local server. */
  baseUrl?: string;
  /** Waits before each retry of a request whose answer was lost (same key, same body). */
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
};

const PROVIDER = 'razorpayx';
// RazorpayX: "The idempotency key (4-36 characters) can only contain alphabets, numbers, hyphens,
// underscores and space." It also travels as reference_id (at most 40 characters).
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_ -]{4,36}$/;
// Narration: up to 30 letters, digits and spaces (it is printed on the payee's statement).
const NARRATION = /^[A-Za-z0-9 ]{1,30}$/;
const IFSC = /^[A-Z]{4}0[A-Z0-9]{6}$/;
const ACCOUNT_NUMBER = /^[0-9A-Za-z]{5,35}$/;
const VPA = /^[A-Za-z0-9._-]{2,256}@[A-Za-z][A-Za-z0-9.-]{1,64}$/;
export function isValidIfsc(ifsc: string): boolean {
  return IFSC.test(ifsc);
}

/** RazorpayX's minimum payout: ₹1. */
export const RAZORPAYX_MIN_PAYOUT_MINOR = 100;

function bad(message: string): PaymentError {
  return new PaymentError({ code: 'BAD_INPUT', provider: PROVIDER, message });
}

export function validateBeneficiary(b: Beneficiary, provider = PROVIDER): void {
  const fail = (m: string) => new PaymentError({ code: 'BAD_INPUT', provider, message: m });
  if (!b.reference || b.reference.length > 40) throw fail('beneficiary reference must be 1 to 40 characters');
  if (!b.name.trim() || b.name.length > 50) throw fail('beneficiary name must be 1 to 50 characters');
  if (b.account.kind === 'bank_account') {
    if (!IFSC.test(b.account.ifsc)) throw fail(`IFSC ${b.account.ifsc} is not 4 letters, 0 and 6 letters or digits`);
    if (!ACCOUNT_NUMBER.test(b.account.accountNumber))
      throw fail('bank account number must be 5 to 35 letters or digits');
    if (!b.account.holderName.trim() || b.account.holderName.length > 120)
      throw fail('account holder name is required');
  } else if (!VPA.test(b.account.address)) {
    throw fail(`UPI address ${b.account.address} is not name@handle`);
  }
}

function toResult(p: RzpxPayout, raw: unknown): PayoutResult {
  const reason = p.status_details?.description ?? p.failure_reason ?? null;
  return {
    providerPayoutId: p.id,
    reference: p.reference_id ?? '',
    status: p.status,
    amountMinor: p.amount,
    fundAccountId: p.fund_account_id ?? null,
    utr: p.utr ?? null,
    feeMinor: p.fees ?? null,
    taxMinor: p.tax ?? null,
    failureReason: ['failed', 'reversed', 'rejected', 'cancelled'].includes(p.status) ? reason : null,
    raw,
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createRazorpayXProvider(config: RazorpayXConfig): PayoutProvider {
  const base = config.baseUrl ?? 'https://api.razorpay.com';
  const auth = basicAuthorization(config.keyId, config.keySecret);
  const delays = config.retryDelaysMs ?? [250, 1000, 4000];

  // Lost answers, 5xx and 409 (an earlier request with the same key still running) are UPSTREAM.
  const endpoint = {
    base,
    authorization: auth,
    provider: PROVIDER,
    name: 'RazorpayX',
    timeoutMs: config.timeoutMs,
    retryableStatuses: [409],
  };
  const send = (method: 'GET' | 'POST', path: string, body?: string, headers: Record<string, string> = {}) =>
    razorpayExchange(endpoint, { method, path, body, headers });

  /** The same request again after a lost answer: only for requests the API de-duplicates. */
  async function sendWithRetries(method: 'POST', path: string, body: string, headers: Record<string, string>) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(method, path, body, headers);
      } catch (e) {
        if (!PaymentError.is(e) || e.code !== 'UPSTREAM' || attempt >= delays.length) throw e;
        await sleep(delays[attempt]!);
      }
    }
  }

  async function registerBeneficiary(b: Beneficiary): Promise<BeneficiaryRef> {
    validateBeneficiary(b);
    // RazorpayX returns the existing contact / fund account when every detail matches, so these
    // are safe to repeat after a lost answer.
    const contactBody = JSON.stringify({
      name: b.name,
      ...(b.email ? { email: b.email } : {}),
      ...(b.phone ? { contact: b.phone } : {}),
      type: 'vendor',
      reference_id: b.reference,
    });
    const contact = parseResponse(
      PROVIDER,
      rzpxContact,
      await sendWithRetries('POST', '/v1/contacts', contactBody, {}),
    );
    const account =
      b.account.kind === 'bank_account'
        ? {
            account_type: 'bank_account',
            bank_account: { name: b.account.holderName, ifsc: b.account.ifsc, account_number: b.account.accountNumber },
          }
        : { account_type: 'vpa', vpa: { address: b.account.address } };
    const fa = parseResponse(
      PROVIDER,
      rzpxFundAccount,
      await sendWithRetries('POST', '/v1/fund_accounts', JSON.stringify({ contact_id: contact.id, ...account }), {}),
    );
    return { contactId: contact.id, fundAccountId: fa.id };
  }

  return {
    name: 'RAZORPAYX',
    registerBeneficiary,

    async createPayout(req: PayoutRequest): Promise<PayoutResult> {
      if (!IDEMPOTENCY_KEY.test(req.idempotencyKey)) {
        throw bad('payout idempotency key must be 4 to 36 letters, digits, hyphens, underscores or spaces');
      }
      if (!Number.isSafeInteger(req.amountMinor) || req.amountMinor < RAZORPAYX_MIN_PAYOUT_MINOR) {
        throw bad(`payout amount must be an integer of at least ${RAZORPAYX_MIN_PAYOUT_MINOR} paise`);
      }
      if (req.currency !== 'INR') throw bad('RazorpayX pays out in INR only');
      if (!NARRATION.test(req.narration)) throw bad('narration must be 1 to 30 letters, digits or spaces');
      const isVpa = req.beneficiary.account.kind === 'vpa';
      if (isVpa !== (req.mode === 'UPI')) throw bad(`mode ${req.mode} does not fit a ${req.beneficiary.account.kind}`);
      const fundAccountId = req.fundAccountId ?? (await registerBeneficiary(req.beneficiary)).fundAccountId;
      // Built once: every retry sends these exact bytes with the same key, as RazorpayX requires.
      const body = JSON.stringify({
        account_number: config.accountNumber,
        fund_account_id: fundAccountId,
        amount: req.amountMinor,
        currency: req.currency,
        mode: req.mode,
        purpose: 'payout',
        queue_if_low_balance: true,
        reference_id: req.idempotencyKey,
        narration: req.narration,
        notes: req.notes ?? {},
      });
      const data = await sendWithRetries('POST', '/v1/payouts', body, { 'X-Payout-Idempotency': req.idempotencyKey });
      return toResult(parseResponse(PROVIDER, rzpxPayout, data), data);
    },

    async fetchPayout(providerPayoutId: string): Promise<PayoutResult> {
      if (!/^[A-Za-z0-9_]{1,40}$/.test(providerPayoutId)) throw bad('not a payout id');
      const data = await send('GET', `/v1/payouts/${providerPayoutId}`);
      return toResult(parseResponse(PROVIDER, rzpxPayout, data), data);
    },

    verifyWebhook({ rawBody, headers }): PayoutWebhookResult {
      const refused = checkWebhookHeader({
        headers,
        name: 'x-razorpay-signature',
        matches: (signature) => safeEqual(hmacSha256(config.webhookSecret, rawBody), signature.trim()),
        missing: 'X-Razorpay-Signature header missing',
        mismatch: 'X-Razorpay-Signature does not match the body',
      });
      if (refused) return refused;
      const parsed = parseWebhookJson(rawBody, rzpxWebhook);
      if (!parsed.ok) return parsed;
      const { event, payload } = parsed.data;
      const p = payload.payout?.entity;
      if (!event.startsWith('payout.') || !p) return { ok: true, events: [] };
      const r = toResult(p, parsed.json);
      // payout.updated carries news within a state (the UTR arriving), so it is its own event.
      const suffix = event === 'payout.updated' ? `:updated:${p.utr ?? ''}` : '';
      const ev: PayoutEvent = {
        providerEventId: `${p.id}:${p.status}${suffix}`,
        providerPayoutId: p.id,
        reference: p.reference_id ?? null,
        status: p.status,
        amountMinor: p.amount,
        utr: r.utr,
        failureReason: r.failureReason,
        raw: parsed.json,
      };
      return { ok: true, events: [ev] };
    },
  };
}
