import { safeEqual, sha256Hex } from '../crypto.ts';
import { PaymentError } from '../errors.ts';
import { joinUrl, requestJson } from '../http.ts';
import { assertIdempotencyKey } from '../idempotency.ts';
import { MIN_REFUND_MINOR as MIN_REFUND_TABLE } from '../min-refund.ts';
import { assertMinor, assertRefundable } from '../money.ts';
import { checkWebhookHeader, parseWebhookJson } from '../parse-webhook-body.ts';
import { parseResponse } from '../parse.ts';
import type {
  CreateOrderInput,
  CreatedOrder,
  GatewayEvent,
  GatewayEventType,
  OrderStatus,
  PaymentProvider,
  RefundInput,
  RefundResult,
  WebhookInput,
  WebhookResult,
} from '../types.ts';
import {
  ppCallback,
  ppCreatePayment,
  ppOrderPayload,
  ppOrderStatus,
  ppRefund,
  ppRefundPayload,
  ppToken,
} from './phonepe-schemas.ts';

export type PhonePeConfig = {
  clientId: string;
  clientSecret: string;
  clientVersion: string;
  /** The username/password set for the callback URL in the PhonePe dashboard. */
  webhookUsername: string;
  webhookPassword: string;
  environment: 'sandbox' | 'production';
  /** Overrides for tests; default from `environment`. */
  authBaseUrl?: string;
  pgBaseUrl?: string;
  /** Where PhonePe sends the driver back after the hosted page. */
  defaultRedirectUrl?: string;
  /** Seconds until an unpaid order expires (PhonePe allows 300..3600). */
  expireAfterSec?: number;
  now?: () => number;
};

const PROVIDER = 'phonepe';
// PhonePe's refund API: amount "Min Value = 100" (paise).
const MIN_REFUND_MINOR = MIN_REFUND_TABLE.PHONEPE;

const HOSTS = {
  production: { auth: 'https://api.phonepe.com/apis/identity-manager', pg: 'https://api.phonepe.com/apis/pg' },
  sandbox: {
    auth: 'https://api-preprod.phonepe.com/apis/pg-sandbox',
    pg: 'https://api-preprod.phonepe.com/apis/pg-sandbox',
  },
} as const;

// Standard Checkout sends checkout.order.*, other PhonePe products pg.order.*; older callbacks
// carry only an upper-case `type` (PG_ORDER_COMPLETED), normalized to the same dotted names.
const ORDER_EVENTS = new Set([
  'checkout.order.completed',
  'checkout.order.failed',
  'pg.order.completed',
  'pg.order.failed',
]);
const REFUND_EVENTS = new Set(['pg.refund.accepted', 'pg.refund.completed', 'pg.refund.failed']);

/** A refund's payload.state (PENDING, CONFIRMED, COMPLETED, FAILED), which PhonePe asks us to trust over the event name. */
function refundEventType(state: string): GatewayEventType {
  if (state === 'COMPLETED') return 'refund.processed';
  if (state === 'FAILED') return 'refund.failed';
  return 'refund.created';
}

export function createPhonePeProvider(config: PhonePeConfig): PaymentProvider {
  const authBase = config.authBaseUrl ?? HOSTS[config.environment].auth;
  const pgBase = config.pgBaseUrl ?? HOSTS[config.environment].pg;
  const now = config.now ?? Date.now;
  let token: { value: string; expiresAtMs: number } | undefined;
  // One token request at a time: calls that find no valid token wait for the one in flight.
  let fetching: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const data = await requestJson({
      provider: PROVIDER,
      method: 'POST',
      url: joinUrl(authBase, '/v1/oauth/token'),
      form: {
        client_id: config.clientId,
        client_version: config.clientVersion,
        client_secret: config.clientSecret,
        grant_type: 'client_credentials',
      },
    });
    const t = parseResponse(PROVIDER, ppToken, data);
    token = { value: t.access_token, expiresAtMs: t.expires_at * 1000 };
    return token.value;
  }

  function accessToken(): Promise<string> {
    // Refresh a minute early so a token never expires mid-request.
    if (token && token.expiresAtMs - 60_000 > now()) return Promise.resolve(token.value);
    fetching ??= fetchToken().finally(() => (fetching = undefined));
    return fetching;
  }

  async function pg(method: 'GET' | 'POST', path: string, json?: unknown): Promise<unknown> {
    const call = async () =>
      requestJson({
        provider: PROVIDER,
        method,
        url: joinUrl(pgBase, path),
        headers: { authorization: `O-Bearer ${await accessToken()}` },
        json,
      });
    try {
      return await call();
    } catch (e) {
      // A token PhonePe no longer honours before its expiry (revoked, rotated credentials): drop
      // it and try once more with a new one. Every call here is idempotent on our merchant ids.
      if (!PaymentError.is(e) || e.status !== 401) throw e;
      token = undefined;
      return call();
    }
  }

  return {
    name: 'PHONEPE',
    minRefundMinor: MIN_REFUND_MINOR,

    async createOrder(input: CreateOrderInput): Promise<CreatedOrder> {
      assertMinor(input.amountMinor);
      if (input.currency !== 'INR') {
        throw new PaymentError({ code: 'BAD_INPUT', provider: PROVIDER, message: 'PhonePe takes INR only' });
      }
      const redirectUrl = input.returnUrl ?? config.defaultRedirectUrl;
      if (!redirectUrl)
        throw new PaymentError({ code: 'BAD_INPUT', provider: PROVIDER, message: 'PhonePe needs a returnUrl' });
      // metaInfo has five free-text slots; notes go in, in order, as key=value.
      const metaInfo = Object.fromEntries(
        Object.entries(input.notes ?? {})
          .slice(0, 5)
          .map(([k, v], i) => [`udf${i + 1}`, `${k}=${v}`.slice(0, 256)]),
      );
      const raw = await pg('POST', '/checkout/v2/pay', {
        merchantOrderId: input.receipt,
        amount: input.amountMinor,
        expireAfter: config.expireAfterSec ?? 1200,
        ...(Object.keys(metaInfo).length ? { metaInfo } : {}),
        paymentFlow: { type: 'PG_CHECKOUT', merchantUrls: { redirectUrl } },
      });
      const r = parseResponse(PROVIDER, ppCreatePayment, raw);
      // PhonePe's status and refund APIs key on our merchantOrderId, so that is the order id we keep.
      return { providerOrderId: input.receipt, checkout: { kind: 'redirect', url: r.redirectUrl }, raw };
    },

    async checkConnection(): Promise<void> {
      // PhonePe PG v2 authenticates every call with an OAuth token: a fresh token proves the client
      // id, secret and version.
      await fetchToken();
    },

    async fetchOrderStatus(providerOrderId: string): Promise<OrderStatus> {
      const raw = await pg('GET', `/checkout/v2/order/${encodeURIComponent(providerOrderId)}/status?details=false`);
      const o = parseResponse(PROVIDER, ppOrderStatus, raw);
      const paid = o.paymentDetails?.find((d) => d.state === 'COMPLETED');
      const last = o.paymentDetails?.at(-1);
      return {
        providerOrderId,
        status: o.state === 'COMPLETED' ? 'captured' : o.state === 'FAILED' ? 'failed' : 'pending',
        amountMinor: o.amount,
        // PhonePe PG takes and reports rupees only (amounts in paise); its answers carry no currency.
        currency: 'INR',
        paidMinor: paid?.amount ?? 0,
        providerPaymentId: paid?.transactionId ?? last?.transactionId ?? null,
        raw,
      };
    },

    async refund(input: RefundInput): Promise<RefundResult> {
      assertRefundable({ provider: PROVIDER, amountMinor: input.amountMinor, minRefundMinor: MIN_REFUND_MINOR });
      assertIdempotencyKey(PROVIDER, input.idempotencyKey);
      if (!input.providerOrderId) {
        throw new PaymentError({
          code: 'BAD_INPUT',
          provider: PROVIDER,
          message: 'PhonePe refunds need the merchantOrderId',
        });
      }
      const raw = await pg('POST', '/payments/v2/refund', {
        merchantRefundId: input.idempotencyKey,
        originalMerchantOrderId: input.providerOrderId,
        amount: input.amountMinor,
      });
      const r = parseResponse(PROVIDER, ppRefund, raw);
      const status = r.state === 'COMPLETED' ? 'processed' : r.state === 'FAILED' ? 'failed' : 'pending';
      return { providerRefundId: r.refundId, status, amountMinor: r.amount, raw };
    },

    verifyWebhook({ rawBody, headers }: WebhookInput): WebhookResult {
      const expected = sha256Hex(`${config.webhookUsername}:${config.webhookPassword}`);
      const denied = checkWebhookHeader({
        headers,
        name: 'authorization',
        matches: (auth) =>
          safeEqual(
            expected,
            auth
              .trim()
              .replace(/^SHA256\s+/i, '')
              .toLowerCase(),
          ),
        missing: 'Authorization header is missing',
        mismatch: 'Authorization does not match',
      });
      if (denied) return denied;
      const parsed = parseWebhookJson(rawBody, ppCallback);
      if (!parsed.ok) return parsed;
      const { json } = parsed;
      const name = parsed.data.event ?? parsed.data.type?.toLowerCase().replaceAll('_', '.');
      if (!name) return { ok: true, events: [] };
      if (REFUND_EVENTS.has(name)) {
        const r = ppRefundPayload.safeParse(parsed.data.payload);
        if (!r.success) return { ok: false, reason: 'bad-payload', message: r.error.message };
        const p = r.data;
        return {
          ok: true,
          events: [
            {
              // PhonePe sends no event id; a refund reaches each state once, so id+state is stable across retries.
              providerEventId: `${name}:${p.refundId ?? p.merchantRefundId}`,
              type: refundEventType(p.state),
              // The failed callback's originalMerchantOrderId is documented as "": core then finds the
              // payment through the refund's own id.
              providerOrderId: p.originalMerchantOrderId || null,
              providerPaymentId: null,
              providerRefundId: p.refundId ?? null,
              refundReference: p.merchantRefundId ?? null,
              amountMinor: p.amount,
              currency: 'INR',
              failureReason: p.detailedErrorCode ?? p.errorCode ?? null,
              raw: json,
            },
          ],
        };
      }

      if (!ORDER_EVENTS.has(name)) return { ok: true, events: [] };
      const o = ppOrderPayload.safeParse(parsed.data.payload);
      if (!o.success) return { ok: false, reason: 'bad-payload', message: o.error.message };
      const p = o.data;
      // PhonePe asks merchants to trust payload.state, not the event name, for the outcome.
      if (p.state === 'PENDING') return { ok: true, events: [] };
      const type: GatewayEventType = p.state === 'COMPLETED' ? 'payment.captured' : 'payment.failed';
      const detail =
        p.paymentDetails?.find((d) => d.state === (type === 'payment.captured' ? 'COMPLETED' : 'FAILED')) ??
        p.paymentDetails?.at(-1);
      const event: GatewayEvent = {
        providerEventId: `${name}:${p.orderId}`,
        type,
        providerOrderId: p.merchantOrderId,
        providerPaymentId: detail?.transactionId ?? null,
        providerRefundId: null,
        refundReference: null,
        amountMinor: detail?.amount ?? p.amount,
        currency: 'INR',
        failureReason:
          type === 'payment.failed' ? (p.detailedErrorCode ?? p.errorCode ?? detail?.errorCode ?? null) : null,
        raw: json,
      };
      return { ok: true, events: [event] };
    },
  };
}
