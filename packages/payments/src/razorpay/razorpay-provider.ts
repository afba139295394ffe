import Razorpay from 'razorpay';
import { hmacSha256, header, safeEqual, sha256Hex } from '../crypto.ts';
import { PaymentError } from '../errors.ts';
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
  GatewayPaymentStatus,
  OrderStatus,
  PaymentDetails,
  PaymentProvider,
  RefundInput,
  RefundResult,
  WebhookInput,
  WebhookResult,
} from '../types.ts';
import { rzpEnvelope, rzpOrder, rzpPayment, rzpPaymentCollection, rzpRefund, rzpWebhook } from './razorpay-schemas.ts';

export type RazorpayConfig = {
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  /** Defaults to https://api.razorpay.com; tests point it at a local server. */
  baseUrl?: string;
  /** Shown in Checkout (the operator's brand name). */
  merchantName?: string;
};

const PROVIDER = 'razorpay';
// Razorpay's refund API page shows the refusal of anything smaller: "The amount must be at least INR 1.00".
const MIN_REFUND_MINOR = MIN_REFUND_TABLE.RAZORPAY;

// Razorpay webhook event → normalized type. Events not listed are acknowledged and ignored.
const EVENT_TYPES: Record<string, GatewayEventType> = {
  'payment.authorized': 'payment.authorized',
  'payment.captured': 'payment.captured',
  'order.paid': 'payment.captured',
  'payment.failed': 'payment.failed',
  'refund.created': 'refund.created',
  'refund.processed': 'refund.processed',
  'refund.failed': 'refund.failed',
};

type SdkError = { statusCode?: number; error?: { code?: string; description?: string } };

/** The SDK's error shape (its normalizeError) from a raw axios error of its own instance. */
type AxiosLikeError = { response?: { status?: number; data?: { error?: SdkError['error'] } } };

function sdkErrorOf(e: unknown): SdkError {
  const ae = (typeof e === 'object' && e !== null ? e : {}) as AxiosLikeError;
  return { statusCode: ae.response?.status, error: ae.response?.data?.error };
}

function wrapSdkError(e: unknown, what: string): PaymentError {
  const se = (typeof e === 'object' && e !== null ? e : {}) as SdkError;
  const status = typeof se.statusCode === 'number' ? se.statusCode : undefined;
  return new PaymentError({
    // 409: Razorpay is still processing an earlier request with the same idempotency key; asking
    // again later is right, so it is not a refusal.
    code:
      status === undefined || status >= 500 || status === 409 ? 'UPSTREAM' : status === 404 ? 'NOT_FOUND' : 'REJECTED',
    provider: PROVIDER,
    status,
    message: `Razorpay ${what} failed${se.error?.description ? `: ${se.error.description}` : ''}`,
    details: se.error,
    cause: e,
  });
}

/**
 * The SDK hard-codes https://api.razorpay.com when it builds its axios instance (razorpay@2.9,
 * dist/api.js) and has no constructor option for it, so a configured base URL is applied to that
 * instance's defaults. If a future SDK moves the instance, we fail loudly instead of calling
 * production from a test.
 */
type SdkAxios = {
  defaults?: { baseURL?: string };
  post?: (url: string, data: unknown, config: { headers: Record<string, string> }) => Promise<{ data: unknown }>;
};

function sdkAxios(client: Razorpay): Required<SdkAxios> {
  const rq = (client.api as unknown as { rq?: SdkAxios }).rq;
  if (!rq?.defaults || typeof rq.post !== 'function') throw new Error('razorpay SDK internals changed: no API client');
  return rq as Required<SdkAxios>;
}

function pointSdkAt(client: Razorpay, baseUrl: string): void {
  sdkAxios(client).defaults.baseURL = baseUrl.replace(/\/+$/, '');
}

function paymentStatus(s: string): GatewayPaymentStatus {
  return s === 'created' || s === 'authorized' || s === 'captured' || s === 'refunded' ? s : 'failed';
}

export function createRazorpayProvider(config: RazorpayConfig): PaymentProvider {
  const client = new Razorpay({ key_id: config.keyId, key_secret: config.keySecret });
  // The refund call needs a header of its own, which the SDK's methods cannot pass; it goes through
  // the SDK's own HTTP client (same host, Basic auth and User-Agent). Resolved now, so a changed SDK
  // fails at construction rather than at the first refund.
  const http = sdkAxios(client);
  if (config.baseUrl) pointSdkAt(client, config.baseUrl);

  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (PaymentError.is(e)) throw e;
      throw wrapSdkError(e, what);
    }
  }

  function toDetails(raw: unknown): PaymentDetails {
    const p = parseResponse(PROVIDER, rzpPayment, raw);
    return {
      providerPaymentId: p.id,
      providerOrderId: p.order_id ?? null,
      status: paymentStatus(p.status),
      amountMinor: p.amount,
      currency: p.currency,
      feeMinor: p.fee ?? null,
      taxMinor: p.tax ?? null,
      raw,
    };
  }

  return {
    name: 'RAZORPAY',
    minRefundMinor: MIN_REFUND_MINOR,

    async createOrder(input: CreateOrderInput): Promise<CreatedOrder> {
      assertMinor(input.amountMinor);
      const raw = await call('order create', () =>
        client.orders.create({
          amount: input.amountMinor,
          currency: input.currency,
          receipt: input.receipt,
          notes: input.notes ?? {},
        }),
      );
      const order = parseResponse(PROVIDER, rzpOrder, raw);
      return {
        providerOrderId: order.id,
        checkout: {
          kind: 'razorpay-checkout',
          options: {
            key: config.keyId,
            order_id: order.id,
            amount: order.amount,
            currency: order.currency,
            name: config.merchantName,
            notes: input.notes,
            prefill: input.customer
              ? { email: input.customer.email, contact: input.customer.phone, name: input.customer.name }
              : undefined,
          },
        },
        raw,
      };
    },

    async checkConnection(): Promise<void> {
      // Razorpay's Fetch All Orders (GET /v1/orders?count=1): any answer but 200 means the keys fail.
      await call('connection check', () => client.orders.all({ count: 1 }));
    },

    async fetchOrderStatus(providerOrderId: string): Promise<OrderStatus> {
      const [rawOrder, rawPayments] = await Promise.all([
        call('order fetch', () => client.orders.fetch(providerOrderId)),
        call('order payments fetch', () => client.orders.fetchPayments(providerOrderId)),
      ]);
      const order = parseResponse(PROVIDER, rzpOrder, rawOrder);
      const payments = parseResponse(PROVIDER, rzpPaymentCollection, rawPayments).items;
      // An order can have several attempts; the one that matters is the best one.
      const rank = { captured: 4, refunded: 3, authorized: 2, created: 1, failed: 0 } as const;
      const best = [...payments].sort((a, b) => rank[b.status] - rank[a.status])[0];
      const status: OrderStatus['status'] = best ? paymentStatus(best.status) : 'created';
      return {
        providerOrderId: order.id,
        status: order.status === 'attempted' && status === 'created' ? 'pending' : status,
        amountMinor: order.amount,
        currency: order.currency,
        paidMinor: order.amount_paid ?? 0,
        providerPaymentId: best?.id ?? null,
        feeMinor: best?.fee ?? null,
        taxMinor: best?.tax ?? null,
        raw: { order: rawOrder, payments: rawPayments },
      };
    },

    async fetchPayment(providerPaymentId: string): Promise<PaymentDetails> {
      return toDetails(await call('payment fetch', () => client.payments.fetch(providerPaymentId)));
    },

    async capture({ providerPaymentId, amountMinor, currency }): Promise<PaymentDetails> {
      assertMinor(amountMinor);
      return toDetails(
        await call('payment capture', () => client.payments.capture(providerPaymentId, amountMinor, currency)),
      );
    },

    async refund(input: RefundInput): Promise<RefundResult> {
      assertRefundable({ provider: PROVIDER, amountMinor: input.amountMinor, minRefundMinor: MIN_REFUND_MINOR });
      assertIdempotencyKey(PROVIDER, input.idempotencyKey);
      // X-Refund-Idempotency (Razorpay's refund API, "idempotent request"): a retry with the same key
      // and the same body returns the first refund instead of making a second. The body must be
      // byte-for-byte the same on a retry, so it is built from the input alone. The key also
      // travels as the receipt, so a webhook for this refund finds our Refund row before we stored
      // Razorpay's id.
      const raw = await call('refund', () =>
        http
          .post(
            `/v1/payments/${encodeURIComponent(input.providerPaymentId)}/refund`,
            { amount: input.amountMinor, speed: 'normal', receipt: input.idempotencyKey, notes: input.notes ?? {} },
            { headers: { 'X-Refund-Idempotency': input.idempotencyKey } },
          )
          .then(
            (r) => r.data,
            (e: unknown) => {
              throw wrapSdkError(sdkErrorOf(e), 'refund');
            },
          ),
      );
      const r = parseResponse(PROVIDER, rzpRefund, raw);
      return { providerRefundId: r.id, status: r.status, amountMinor: r.amount, raw };
    },

    verifyWebhook({ rawBody, headers }: WebhookInput): WebhookResult {
      const denied = checkWebhookHeader({
        headers,
        name: 'x-razorpay-signature',
        matches: (signature) => safeEqual(hmacSha256(config.webhookSecret, rawBody), signature.trim()),
        missing: 'X-Razorpay-Signature is missing',
        mismatch: 'X-Razorpay-Signature does not match the body',
      });
      if (denied) return denied;
      const envelope = parseWebhookJson(rawBody, rzpEnvelope);
      if (!envelope.ok) return envelope;
      const { json } = envelope;
      const type = EVENT_TYPES[envelope.data.event];
      // Unused events are acknowledged whatever their payload: a 4xx makes Razorpay retry and, in
      // the end, disable the webhook for every event.
      if (!type) return { ok: true, events: [] };
      const parsed = rzpWebhook.safeParse(json);
      if (!parsed.success) return { ok: false, reason: 'bad-payload', message: parsed.error.message };
      const body = parsed.data;
      // Razorpay sends the same x-razorpay-event-id on every retry of one event. Without it we fall
      // back to the body hash, so a byte-identical replay still deduplicates.
      const providerEventId = header(headers, 'x-razorpay-event-id') ?? `sha256:${sha256Hex(rawBody)}`;
      const payment = body.payload.payment?.entity;
      const refund = body.payload.refund?.entity;
      const isRefund = type.startsWith('refund.');
      // The entity the event is about carries its amount: the refund for refund.*, else the payment.
      const subject = isRefund ? refund : payment;
      if (!subject)
        return {
          ok: false,
          reason: 'bad-payload',
          message: `${body.event} without its ${isRefund ? 'refund' : 'payment'} entity`,
        };
      const event: GatewayEvent = {
        providerEventId,
        type,
        providerOrderId: payment?.order_id ?? body.payload.order?.entity.id ?? null,
        providerPaymentId: refund?.payment_id ?? payment?.id ?? null,
        providerRefundId: refund?.id ?? null,
        refundReference: refund?.receipt ?? null,
        amountMinor: subject.amount,
        currency: subject.currency,
        failureReason: type === 'payment.failed' ? (payment?.error_description ?? payment?.error_code ?? null) : null,
        feeMinor: isRefund ? null : (payment?.fee ?? null),
        taxMinor: isRefund ? null : (payment?.tax ?? null),
        raw: json,
      };
      return { ok: true, events: [event] };
    },

    verifyCheckoutSignature(params): boolean {
      const orderId = params.razorpay_order_id;
      const paymentId = params.razorpay_payment_id;
      const signature = params.razorpay_signature;
      if (!orderId || !paymentId || !signature) return false;
      return safeEqual(hmacSha256(config.keySecret, `${orderId}|${paymentId}`), signature);
    },
  };
}
