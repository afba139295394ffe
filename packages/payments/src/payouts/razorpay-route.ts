import { z } from 'zod';
import { hmacSha256, safeEqual } from '../crypto.ts';
import { PaymentError } from '../errors.ts';
import { basicAuthorization, checkWebhookHeader, parseWebhookJson } from '../parse-webhook-body.ts';
import { parseResponse } from '../parse.ts';
import { razorpayExchange } from './razorpay-exchange.ts';
import { isValidIfsc } from './razorpayx-provider.ts';

// Razorpay Route, for tenants on the platform's marketplace account: the operator and each vendor
// are linked accounts, and their shares move as transfers out of captured payments, held until the
// week closes and then released. Shapes from https://razorpay.com/docs/api/payments/route/.
//
// Transfers have no idempotency key, so exactly-once is by lookup: every transfer carries our id in
// notes.magma_ref; before creating (and after an answer is lost) the payment's transfers are read
// and the ones already made are not made again. Callers serialise transfers per payment (one
// database lock), which closes the window between the lookup and the create.

const PROVIDER = 'razorpay-route';
export const ROUTE_REF_NOTE = 'magma_ref';

export type RouteConfig = {
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  baseUrl?: string;
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
};

export type LinkedAccountInput = {
  /** At most 20 characters (Razorpay's limit): `routeReference(vendorId)`. */
  reference: string;
  email: string;
  phone: string;
  legalBusinessName: string;
  /** Razorpay business type, e.g. individual, proprietorship, partnership, private_limited. */
  businessType: string;
  contactName: string;
  category: string;
  subcategory: string;
  address: { street1: string; street2: string; city: string; state: string; postalCode: string; country: 'IN' };
  pan?: string;
  settlement: { accountNumber: string; ifsc: string; beneficiaryName: string };
};

export type LinkedAccount = { accountId: string; productId: string; activationStatus: string | null };

export type RouteTransferRequest = {
  /** Our id for this share (e.g. the VENDOR_SHARE entry's key): kept in notes.magma_ref. */
  reference: string;
  /** The linked account, acc_… */
  account: string;
  amountMinor: number;
  /** Hold the settlement until this instant (epoch seconds); null holds it until released. */
  holdUntil: number | null;
};

export type RouteTransferStatus = 'created' | 'pending' | 'processed' | 'failed' | 'reversed' | 'partially_reversed';

export type RouteTransfer = {
  transferId: string;
  reference: string | null;
  account: string;
  amountMinor: number;
  amountReversedMinor: number;
  status: RouteTransferStatus;
  onHold: boolean;
  settlementStatus: string | null;
  raw: unknown;
};

export type RouteEvent = {
  /** `<transfer id>:<status>`. */
  providerEventId: string;
  transfer: RouteTransfer;
  event: string;
};

const rTransfer = z.object({
  id: z.string().min(1),
  entity: z.literal('transfer'),
  status: z.enum(['created', 'pending', 'processed', 'failed', 'reversed', 'partially_reversed']),
  recipient: z.string(),
  amount: z.number().int(),
  amount_reversed: z.number().int().nullish(),
  currency: z.string(),
  on_hold: z.boolean().nullish(),
  settlement_status: z.string().nullish(),
  notes: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullish(),
});
const rCollection = z.object({ entity: z.literal('collection'), items: z.array(rTransfer) });
const rAccount = z.object({ id: z.string().min(1) });
const rProduct = z.object({ id: z.string().min(1), activation_status: z.string().nullish() });
const rReversal = z.object({
  id: z.string().min(1),
  entity: z.literal('reversal'),
  transfer_id: z.string().min(1),
  amount: z.number().int(),
  notes: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullish(),
});
const rReversals = z.object({ entity: z.literal('collection'), items: z.array(rReversal) });
const rWebhook = z.object({
  entity: z.literal('event'),
  event: z.string(),
  payload: z.object({ transfer: z.object({ entity: rTransfer }).optional() }).passthrough(),
});

export type RouteReversal = {
  reversalId: string;
  transferId: string;
  /** Our id for the reversal (notes.magma_ref), when we made it. */
  reference: string | null;
  amountMinor: number;
  raw: unknown;
};

function toReversal(r: z.infer<typeof rReversal>, raw: unknown): RouteReversal {
  const ref = !Array.isArray(r.notes) ? r.notes?.[ROUTE_REF_NOTE] : undefined;
  return {
    reversalId: r.id,
    transferId: r.transfer_id,
    reference: typeof ref === 'string' ? ref : null,
    amountMinor: r.amount,
    raw,
  };
}

/** A ≤ 20-character reference from a UUID (its first 20 hex digits). */
export function routeReference(id: string): string {
  return id.replace(/-/g, '').slice(0, 20);
}

function toTransfer(t: z.infer<typeof rTransfer>, raw: unknown): RouteTransfer {
  const ref = !Array.isArray(t.notes) ? t.notes?.[ROUTE_REF_NOTE] : undefined;
  return {
    transferId: t.id,
    reference: typeof ref === 'string' ? ref : null,
    account: t.recipient,
    amountMinor: t.amount,
    amountReversedMinor: t.amount_reversed ?? 0,
    status: t.status,
    onHold: t.on_hold ?? false,
    settlementStatus: t.settlement_status ?? null,
    raw,
  };
}

const ID = /^[A-Za-z0-9_]{1,40}$/;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createRazorpayRouteClient(config: RouteConfig) {
  const base = config.baseUrl ?? 'https://api.razorpay.com';
  const auth = basicAuthorization(config.keyId, config.keySecret);
  const delays = config.retryDelaysMs ?? [250, 1000, 4000];
  const bad = (message: string) => new PaymentError({ code: 'BAD_INPUT', provider: PROVIDER, message });

  const endpoint = {
    base,
    authorization: auth,
    provider: PROVIDER,
    name: 'Razorpay Route',
    timeoutMs: config.timeoutMs,
  };
  const send = (method: 'GET' | 'POST' | 'PATCH', path: string, json?: unknown): Promise<unknown> =>
    razorpayExchange(endpoint, { method, path, body: json ? JSON.stringify(json) : undefined });

  /** GET /v1/transfers/:id/reversals: every reversal of a transfer. */
  async function reversalsOf(transferId: string): Promise<RouteReversal[]> {
    if (!ID.test(transferId)) throw bad('not a transfer id');
    const data = await send('GET', `/v1/transfers/${transferId}/reversals`);
    return parseResponse(PROVIDER, rReversals, data).items.map((r) => toReversal(r, r));
  }

  async function transfersOf(paymentId: string): Promise<RouteTransfer[]> {
    const data = await send('GET', `/v1/payments/${paymentId}/transfers`);
    return parseResponse(PROVIDER, rCollection, data).items.map((t) => toTransfer(t, t));
  }

  return {
    /**
     * Creates a vendor's (or the operator's) linked account, its stakeholder, requests the Route
     * product and sets the settlement bank account. Not retried: a lost answer here is finished in
     * Razorpay's dashboard and the acc_ id entered by hand.
     */
    async createLinkedAccount(input: LinkedAccountInput): Promise<LinkedAccount> {
      if (input.reference.length < 1 || input.reference.length > 20) throw bad('reference must be 1 to 20 characters');
      if (!isValidIfsc(input.settlement.ifsc)) throw bad(`IFSC ${input.settlement.ifsc} is not one`);
      const account = parseResponse(
        PROVIDER,
        rAccount,
        await send('POST', '/v2/accounts', {
          email: input.email,
          phone: input.phone,
          type: 'route',
          reference_id: input.reference,
          legal_business_name: input.legalBusinessName,
          business_type: input.businessType,
          contact_name: input.contactName,
          profile: {
            category: input.category,
            subcategory: input.subcategory,
            addresses: {
              registered: {
                street1: input.address.street1,
                street2: input.address.street2,
                city: input.address.city,
                state: input.address.state,
                postal_code: input.address.postalCode,
                country: input.address.country,
              },
            },
          },
          ...(input.pan ? { legal_info: { pan: input.pan } } : {}),
        }),
      );
      await send('POST', `/v2/accounts/${account.id}/stakeholders`, { name: input.contactName, email: input.email });
      const product = parseResponse(
        PROVIDER,
        rProduct,
        await send('POST', `/v2/accounts/${account.id}/products`, { product_name: 'route', tnc_accepted: true }),
      );
      const configured = parseResponse(
        PROVIDER,
        rProduct,
        await send('PATCH', `/v2/accounts/${account.id}/products/${product.id}`, {
          settlements: {
            account_number: input.settlement.accountNumber,
            ifsc_code: input.settlement.ifsc,
            beneficiary_name: input.settlement.beneficiaryName,
          },
          tnc_accepted: true,
        }),
      );
      return { accountId: account.id, productId: product.id, activationStatus: configured.activation_status ?? null };
    },

    /**
     * Transfers shares out of a captured payment, held for settlement. Exactly once per reference:
     * transfers already on the payment are returned, not made again, also after a lost answer.
     */
    async transferFromPayment({
      paymentId,
      transfers,
    }: {
      paymentId: string;
      transfers: readonly RouteTransferRequest[];
    }) {
      if (!ID.test(paymentId)) throw bad('not a payment id');
      const refs = new Set<string>();
      for (const t of transfers) {
        if (!/^[A-Za-z0-9_:.-]{1,200}$/.test(t.reference)) throw bad(`transfer reference ${t.reference} is not usable`);
        if (refs.has(t.reference)) throw bad(`transfer reference ${t.reference} appears twice`);
        refs.add(t.reference);
        if (!ID.test(t.account)) throw bad(`not a linked account: ${t.account}`);
        if (!Number.isSafeInteger(t.amountMinor) || t.amountMinor < 100) throw bad('a transfer is at least ₹1.00');
      }
      for (let attempt = 0; ; attempt++) {
        try {
          const existing = (await transfersOf(paymentId)).filter((t) => t.reference !== null && refs.has(t.reference));
          const done = new Set(existing.map((t) => t.reference));
          const missing = transfers.filter((t) => !done.has(t.reference));
          if (missing.length === 0) return transfers.map((t) => existing.find((e) => e.reference === t.reference)!);
          const data = await send('POST', `/v1/payments/${paymentId}/transfers`, {
            transfers: missing.map((t) => ({
              account: t.account,
              amount: t.amountMinor,
              currency: 'INR',
              notes: { [ROUTE_REF_NOTE]: t.reference },
              on_hold: true,
              ...(t.holdUntil !== null ? { on_hold_until: t.holdUntil } : {}),
            })),
          });
          const made = parseResponse(PROVIDER, rCollection, data).items.map((t) => toTransfer(t, t));
          const all = [...existing, ...made];
          return transfers.map((t) => all.find((e) => e.reference === t.reference)!);
        } catch (e) {
          if (!PaymentError.is(e) || e.code !== 'UPSTREAM' || attempt >= delays.length) throw e;
          await sleep(delays[attempt]!);
        }
      }
    },

    /** Releases a held transfer to the linked account's next settlement (the week closed). */
    async releaseHold(transferId: string): Promise<RouteTransfer> {
      if (!ID.test(transferId)) throw bad('not a transfer id');
      const data = await send('PATCH', `/v1/transfers/${transferId}`, { on_hold: false });
      return toTransfer(parseResponse(PROVIDER, rTransfer, data), data);
    },

    /**
     * Takes (part of) a transfer back from the linked account, e.g. the vendor's share of a refund
     * made after the transfer. Exactly once per reference: the transfer's reversals are read first
     * (and again after a lost answer), and one already carrying the reference is returned.
     */
    async reverseTransfer({
      transferId,
      amountMinor,
      reference,
    }: {
      transferId: string;
      amountMinor: number;
      reference: string;
    }): Promise<RouteReversal> {
      if (!ID.test(transferId)) throw bad('not a transfer id');
      if (!Number.isSafeInteger(amountMinor) || amountMinor < 1) throw bad('a reversal is at least 1 paisa');
      if (!/^[A-Za-z0-9_:.-]{1,200}$/.test(reference)) throw bad(`reversal reference ${reference} is not usable`);
      for (let attempt = 0; ; attempt++) {
        try {
          const done = (await reversalsOf(transferId)).find((r) => r.reference === reference);
          if (done) return done;
          const data = await send('POST', `/v1/transfers/${transferId}/reversals`, {
            amount: amountMinor,
            notes: { [ROUTE_REF_NOTE]: reference },
          });
          return toReversal(parseResponse(PROVIDER, rReversal, data), data);
        } catch (e) {
          if (!PaymentError.is(e) || e.code !== 'UPSTREAM' || attempt >= delays.length) throw e;
          await sleep(delays[attempt]!);
        }
      }
    },

    reversalsOf,

    transfersOf,

    /** transfer.processed / transfer.failed, signed like every Razorpay webhook. */
    verifyWebhook({
      rawBody,
      headers,
    }: {
      rawBody: string | Buffer;
      headers: Record<string, string | string[] | undefined>;
    }) {
      const refused = checkWebhookHeader({
        headers,
        name: 'x-razorpay-signature',
        matches: (s) => safeEqual(hmacSha256(config.webhookSecret, rawBody), s.trim()),
        missing: 'X-Razorpay-Signature header missing',
        mismatch: 'X-Razorpay-Signature does not match the body',
      });
      if (refused) return refused;
      const parsed = parseWebhookJson(rawBody, rWebhook);
      if (!parsed.ok) return parsed;
      const t = parsed.data.payload.transfer?.entity;
      if (!parsed.data.event.startsWith('transfer.') || !t) return { ok: true as const, events: [] as RouteEvent[] };
      const transfer = toTransfer(t, parsed.json);
      return {
        ok: true as const,
        events: [{ providerEventId: `${t.id}:${t.status}`, transfer, event: parsed.data.event }] as RouteEvent[],
      };
    },
  };
}

export type RazorpayRouteClient = ReturnType<typeof createRazorpayRouteClient>;
