import { hmacSha256, safeEqual, sha256Hex } from '../crypto.ts';
import { PaymentError } from '../errors.ts';
import { joinUrl, requestJson } from '../http.ts';
import { assertIdempotencyKey } from '../idempotency.ts';
import { MIN_REFUND_MINOR as MIN_REFUND_TABLE } from '../min-refund.ts';
import { assertMinor, assertRefundable, decimalToMinor, minorToDecimal } from '../money.ts';
import { basicAuthorization, checkWebhookHeader, parseWebhookJson } from '../parse-webhook-body.ts';
import { parseResponse } from '../parse.ts';
import type {
  CreateOrderInput,
  CreatedOrder,
  GatewayEvent,
  GatewayPaymentStatus,
  OrderStatus,
  PaymentProvider,
  RefundInput,
  RefundResult,
  WebhookInput,
  WebhookResult,
} from '../types.ts';
import { jpEnvelope, jpOrder, jpSession, jpWebhook } from './juspay-schemas.ts';

export type JuspayConfig = {
  apiKey: string;
  merchantId: string;
  /** The HyperCheckout payment page client id (usually the merchant id). */
  paymentPageClientId: string;
  /** Response key from the dashboard: signs the parameters on the return URL. */
  responseKey?: string;
  /** Basic-auth credentials configured for the webhook in the dashboard. */
  webhookUsername: string;
  webhookPassword: string;
  environment: 'sandbox' | 'production';
  /** Override for tests; default from `environment`. */
  baseUrl?: string;
  defaultReturnUrl?: string;
  /** Juspay's API `version` header. */
  apiVersion?: string;
};

const PROVIDER = 'juspay';
// Juspay's Refund Order API documents no minimum, only that a zero amount is invalid.
const MIN_REFUND_MINOR = MIN_REFUND_TABLE.JUSPAY;
const HOSTS = { production: 'https://api.juspay.in', sandbox: 'https://sandbox.juspay.in' } as const;

// Juspay order status → ours. Everything not listed is still in progress.
const STATUS: Record<string, GatewayPaymentStatus> = {
  CHARGED: 'captured',
  COD_INITIATED: 'captured',
  AUTHORIZED: 'authorized',
  AUTHENTICATION_FAILED: 'failed',
  AUTHORIZATION_FAILED: 'failed',
  JUSPAY_DECLINED: 'failed',
  AUTO_REFUNDED: 'refunded',
};

// The webhook events we turn into payment or refund events; all carry the order in content.order.
const ORDER_EVENTS = new Set([
  'ORDER_SUCCEEDED',
  'ORDER_AUTHORIZED',
  'ORDER_FAILED',
  'AUTO_REFUND_SUCCEEDED',
  'ORDER_REFUNDED',
  'ORDER_REFUND_FAILED',
]);

/**
 * Juspay order ids are alphanumeric and shorter than 21 characters; our receipt (a UUID) is neither.
 * A receipt that already fits is used as is; any other becomes 100 bits of its SHA-256 in base 36
 * (at most 20 characters), the same for the same receipt so a retried create names the same order.
 */
function juspayOrderId(receipt: string): string {
  if (/^[A-Za-z0-9]{1,20}$/.test(receipt)) return receipt;
  const bits = BigInt(`0x${sha256Hex(receipt).slice(0, 25)}`);
  return bits.toString(36);
}

/** Python's quote_plus, which Juspay's signature samples use. */
function quotePlus(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

export function createJuspayProvider(config: JuspayConfig): PaymentProvider {
  const base = config.baseUrl ?? HOSTS[config.environment];
  const authorization = basicAuthorization(config.apiKey, '');
  const commonHeaders = {
    authorization,
    'x-merchantid': config.merchantId,
    version: config.apiVersion ?? '2023-06-30',
  };
  // Juspay asks for the same x-routing-id on every call about one payment session; the order id is
  // the one value all three calls know.
  const headersFor = (orderId: string) => ({ ...commonHeaders, 'x-routing-id': orderId });

  function orderStatus(o: { status: string; refunded?: boolean }): OrderStatus['status'] {
    if (o.refunded) return 'refunded';
    return STATUS[o.status] ?? (o.status === 'NEW' ? 'created' : 'pending');
  }

  return {
    name: 'JUSPAY',
    minRefundMinor: MIN_REFUND_MINOR,

    async createOrder(input: CreateOrderInput): Promise<CreatedOrder> {
      assertMinor(input.amountMinor);
      const returnUrl = input.returnUrl ?? config.defaultReturnUrl;
      if (!returnUrl)
        throw new PaymentError({ code: 'BAD_INPUT', provider: PROVIDER, message: 'Juspay needs a returnUrl' });
      const orderId = juspayOrderId(input.receipt);
      const customerId = input.customer?.id ?? `guest-${orderId}`;
      // udf1-udf5 must be free of special characters; udf6-udf10 may hold them, and `k=v` has one.
      const udfs = Object.fromEntries(
        Object.entries(input.notes ?? {})
          .slice(0, 5)
          .map(([k, v], i) => [`udf${i + 6}`, `${k}=${v}`]),
      );
      const raw = await requestJson({
        provider: PROVIDER,
        method: 'POST',
        url: joinUrl(base, '/session'),
        headers: { ...headersFor(orderId), 'x-customerid': customerId },
        json: {
          order_id: orderId,
          amount: minorToDecimal(input.amountMinor),
          currency: input.currency,
          customer_id: customerId,
          customer_email: input.customer?.email,
          customer_phone: input.customer?.phone,
          first_name: input.customer?.name,
          payment_page_client_id: config.paymentPageClientId,
          action: 'paymentPage',
          return_url: returnUrl,
          ...udfs,
        },
      });
      const s = parseResponse(PROVIDER, jpSession, raw);
      return { providerOrderId: s.order_id, checkout: { kind: 'redirect', url: s.payment_links.web }, raw };
    },

    async checkConnection(): Promise<void> {
      // Juspay documents no "who am I" call; its Order Status API (GET /orders/{id}) is
      // authenticated, so an order id that cannot exist answers "not found" to a valid key and
      // 401 access_denied to a wrong one.
      const probe = 'magma-connection-check';
      try {
        await requestJson({
          provider: PROVIDER,
          method: 'GET',
          url: joinUrl(base, `/orders/${probe}`),
          headers: headersFor(probe),
        });
      } catch (e) {
        if (PaymentError.is(e) && e.code === 'NOT_FOUND') return;
        throw e;
      }
    },

    async fetchOrderStatus(providerOrderId: string): Promise<OrderStatus> {
      const raw = await requestJson({
        provider: PROVIDER,
        method: 'GET',
        url: joinUrl(base, `/orders/${encodeURIComponent(providerOrderId)}`),
        headers: headersFor(providerOrderId),
      });
      const o = parseResponse(PROVIDER, jpOrder, raw);
      const status = orderStatus(o);
      const amountMinor = decimalToMinor(o.amount);
      return {
        providerOrderId: o.order_id,
        status,
        amountMinor,
        // As the webhook mapping reads it: Juspay's order gives its currency, INR where it leaves it out.
        currency: o.currency ?? 'INR',
        paidMinor: status === 'captured' || status === 'refunded' ? amountMinor : 0,
        providerPaymentId: o.txn_uuid ?? o.txn_id ?? null,
        raw,
      };
    },

    async refund(input: RefundInput): Promise<RefundResult> {
      assertRefundable({ provider: PROVIDER, amountMinor: input.amountMinor, minRefundMinor: MIN_REFUND_MINOR });
      assertIdempotencyKey(PROVIDER, input.idempotencyKey);
      if (!input.providerOrderId) {
        throw new PaymentError({ code: 'BAD_INPUT', provider: PROVIDER, message: 'Juspay refunds need the order id' });
      }
      const raw = await requestJson({
        provider: PROVIDER,
        method: 'POST',
        url: joinUrl(base, `/orders/${encodeURIComponent(input.providerOrderId)}/refunds`),
        headers: headersFor(input.providerOrderId),
        form: { unique_request_id: input.idempotencyKey, amount: minorToDecimal(input.amountMinor) },
      });
      const o = parseResponse(PROVIDER, jpOrder, raw);
      const r = o.refunds?.find((x) => x.unique_request_id === input.idempotencyKey);
      if (!r) {
        throw new PaymentError({
          code: 'BAD_RESPONSE',
          provider: PROVIDER,
          message: 'Juspay did not list the refund',
          details: raw,
        });
      }
      const status = r.status === 'SUCCESS' ? 'processed' : r.status === 'FAILURE' ? 'failed' : 'pending';
      return { providerRefundId: r.id ?? r.unique_request_id, status, amountMinor: decimalToMinor(r.amount), raw };
    },

    verifyWebhook({ rawBody, headers }: WebhookInput): WebhookResult {
      const expected = basicAuthorization(config.webhookUsername, config.webhookPassword);
      const denied = checkWebhookHeader({
        headers,
        name: 'authorization',
        matches: (auth) => safeEqual(expected, auth.trim()),
        missing: 'Authorization header is missing',
        mismatch: 'Authorization does not match',
      });
      if (denied) return denied;
      const envelope = parseWebhookJson(rawBody, jpEnvelope);
      if (!envelope.ok) return envelope;
      const { json } = envelope;
      // Events we do not use (mandates, TXN_CREATED…) carry other content; they are acknowledged, as
      // a 4xx would only make Juspay retry them.
      if (!ORDER_EVENTS.has(envelope.data.event_name)) return { ok: true, events: [] };
      const parsed = jpWebhook.safeParse(json);
      if (!parsed.success) return { ok: false, reason: 'bad-payload', message: parsed.error.message };
      const { id, event_name: name, content } = parsed.data;
      const o = content.order;
      const base = {
        providerOrderId: o.order_id,
        providerPaymentId: o.txn_uuid ?? o.txn_id ?? null,
        currency: o.currency ?? 'INR',
        raw: json,
      };
      const payment = (type: GatewayEvent['type']): GatewayEvent => ({
        ...base,
        providerEventId: id,
        type,
        providerRefundId: null,
        refundReference: null,
        amountMinor: decimalToMinor(o.amount),
        failureReason: type === 'payment.failed' ? (o.bank_error_message ?? o.status) : null,
      });
      switch (name) {
        case 'ORDER_SUCCEEDED':
          return { ok: true, events: [payment('payment.captured')] };
        case 'ORDER_AUTHORIZED':
          return { ok: true, events: [payment('payment.authorized')] };
        case 'ORDER_FAILED':
          return { ok: true, events: [payment('payment.failed')] };
        case 'AUTO_REFUND_SUCCEEDED':
          // Juspay refunded a late success on its own: the whole amount, with no request of ours.
          return {
            ok: true,
            events: [{ ...payment('refund.processed'), providerRefundId: `auto:${o.order_id}` }],
          };
        case 'ORDER_REFUNDED':
        case 'ORDER_REFUND_FAILED': {
          // The order carries every refund so far; each becomes an event and the DB layer matches
          // refunds by id, so refunds already seen are not counted again.
          const wanted = name === 'ORDER_REFUNDED' ? 'SUCCESS' : 'FAILURE';
          const events = (o.refunds ?? [])
            .filter((r) => r.status === wanted)
            .map<GatewayEvent>((r) => ({
              ...base,
              providerEventId: `${id}:${r.unique_request_id}`,
              type: name === 'ORDER_REFUNDED' ? 'refund.processed' : 'refund.failed',
              providerRefundId: r.id ?? r.unique_request_id,
              refundReference: r.unique_request_id,
              amountMinor: decimalToMinor(r.amount),
              failureReason: r.error_message ?? null,
            }));
          return { ok: true, events };
        }
        default:
          return { ok: true, events: [] };
      }
    },

    /**
     * The parameters Juspay appends to the return URL (order_id, status, status_id, signature,
     * signature_algorithm), signed with the response key: HMAC-SHA256, base64, over the other
     * parameters sorted by name, each quote_plus-encoded as k=v joined by &, the whole quote_plus-encoded again.
     */
    verifyCheckoutSignature(params): boolean {
      const { signature, signature_algorithm: algorithm, ...rest } = params;
      if (!config.responseKey || !signature || (algorithm && algorithm !== 'HMAC-SHA256')) return false;
      const payload = quotePlus(
        Object.keys(rest)
          .sort()
          .map((k) => `${quotePlus(k)}=${quotePlus(rest[k] ?? '')}`)
          .join('&'),
      );
      const expected = hmacSha256(config.responseKey, payload, 'base64');
      // Juspay URL-encodes the signature; accept it whether or not the caller decoded it already.
      let decoded = signature;
      try {
        decoded = decodeURIComponent(signature);
      } catch {
        decoded = signature;
      }
      return safeEqual(expected, signature) || safeEqual(expected, decoded);
    },
  };
}
