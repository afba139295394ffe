import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { hmacSha256, safeEqual } from '../crypto.ts';
import { PaymentError } from '../errors.ts';
import { assertMinor, assertRefundable } from '../money.ts';
import { checkWebhookHeader, parseWebhookJson } from '../parse-webhook-body.ts';
import type {
  CreateOrderInput,
  CreatedOrder,
  GatewayEvent,
  OrderStatus,
  PaymentProvider,
  RefundInput,
  RefundResult,
  WebhookInput,
  WebhookResult,
} from '../types.ts';
import { readToken, signToken } from './signed-token.ts';
import { MIN_REFUND_MINOR as MIN_REFUND_TABLE } from '../min-refund.ts';

// As Razorpay and PhonePe (₹1.00), so the demo settles small leftovers the way production does.
const MIN_REFUND_MINOR = MIN_REFUND_TABLE.TEST;

// An offline gateway for the embedded demo and for tests. The web app renders /pay/test/{orderId};
// this module holds the logic: signed tokens for the page and its approve/decline buttons, and the
// events a real gateway would have sent, delivered through the same webhook path (signed with
// X-Test-Signature) so the demo exercises the production code.

export type TestGatewayConfig = {
  /** HMAC key for page tokens and webhook signatures (from config; never a constant). */
  secret: string;
  /** Prefix for the approval page URL, e.g. https://demo.example.in. Default: relative. */
  baseUrl?: string;
  tokenTtlSec?: number;
  now?: () => number;
};

export type Decision = 'approve' | 'decline';

const tokenSchema = z.object({
  k: z.enum(['view', 'approve', 'decline']),
  o: z.string(),
  a: z.number().int().positive(),
  c: z.string(),
  e: z.number().int(),
});
type TokenPayload = z.infer<typeof tokenSchema>;

export type ApprovalPage = {
  orderId: string;
  amountMinor: number;
  currency: string;
  approveToken: string;
  declineToken: string;
};

export type DecisionResult =
  | {
      ok: true;
      decision: Decision;
      events: GatewayEvent[];
      webhook: { rawBody: string; headers: Record<string, string> };
    }
  | { ok: false; reason: 'bad-token' | 'expired' | 'wrong-order' };

const webhookSchema = z.object({
  id: z.string(),
  events: z.array(
    z.object({
      providerEventId: z.string(),
      type: z.enum([
        'payment.authorized',
        'payment.captured',
        'payment.failed',
        'refund.created',
        'refund.processed',
        'refund.failed',
      ]),
      providerOrderId: z.string().nullable(),
      providerPaymentId: z.string().nullable(),
      providerRefundId: z.string().nullable(),
      refundReference: z.string().nullable(),
      amountMinor: z.number().int(),
      currency: z.string(),
      failureReason: z.string().nullable(),
    }),
  ),
});

export type TestGateway = PaymentProvider & {
  /** For the page: verifies the token in the checkout URL and hands out the two button tokens. */
  readApprovalPage(input: { orderId: string; token: string }): ApprovalPage | undefined;
  /** For the page's POST: verifies a button token and returns the events plus a signed webhook. */
  decide(input: { orderId: string; token: string }): DecisionResult;
  /** Signs events as a webhook body, so tests and the demo can post them to the webhook route. */
  signWebhook(events: GatewayEvent[]): { rawBody: string; headers: Record<string, string> };
};

export function createTestGateway(config: TestGatewayConfig): TestGateway {
  if (config.secret.length < 16) throw new Error('TestGateway secret must be at least 16 characters');
  const now = config.now ?? Date.now;
  const ttlMs = (config.tokenTtlSec ?? 1800) * 1000;
  // Demo state only: order status and refunds, kept per process.
  const orders = new Map<
    string,
    { amountMinor: number; currency: string; status: OrderStatus['status']; paymentId: string | null }
  >();
  const refunds = new Map<string, RefundResult>();

  const token = (p: Omit<TokenPayload, 'e'>) => signToken(config.secret, { ...p, e: now() + ttlMs });

  function read(orderId: string, t: string): TokenPayload | 'bad-token' | 'expired' | 'wrong-order' {
    const parsed = tokenSchema.safeParse(readToken(config.secret, t));
    if (!parsed.success) return 'bad-token';
    if (parsed.data.o !== orderId) return 'wrong-order';
    if (parsed.data.e < now()) return 'expired';
    return parsed.data;
  }

  function signWebhook(events: GatewayEvent[]) {
    const rawBody = JSON.stringify({ id: `test_whk_${randomUUID()}`, events: events.map(({ raw: _raw, ...e }) => e) });
    return { rawBody, headers: { 'x-test-signature': hmacSha256(config.secret, rawBody) } };
  }

  return {
    name: 'TEST',
    minRefundMinor: MIN_REFUND_MINOR,

    async createOrder(input: CreateOrderInput): Promise<CreatedOrder> {
      assertMinor(input.amountMinor);
      const orderId = `test_order_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
      orders.set(orderId, {
        amountMinor: input.amountMinor,
        currency: input.currency,
        status: 'created',
        paymentId: null,
      });
      const t = token({ k: 'view', o: orderId, a: input.amountMinor, c: input.currency });
      const url = `${(config.baseUrl ?? '').replace(/\/+$/, '')}/pay/test/${orderId}?token=${t}`;
      return {
        providerOrderId: orderId,
        checkout: { kind: 'redirect', url },
        raw: { orderId, receipt: input.receipt },
      };
    },

    async fetchOrderStatus(providerOrderId: string): Promise<OrderStatus> {
      const o = orders.get(providerOrderId);
      if (!o)
        throw new PaymentError({ code: 'NOT_FOUND', provider: 'test', message: `No test order ${providerOrderId}` });
      return {
        providerOrderId,
        status: o.status,
        amountMinor: o.amountMinor,
        currency: o.currency,
        paidMinor: o.status === 'captured' ? o.amountMinor : 0,
        providerPaymentId: o.paymentId,
        raw: o,
      };
    },

    async refund(input: RefundInput): Promise<RefundResult> {
      assertRefundable({ provider: 'test', amountMinor: input.amountMinor, minRefundMinor: MIN_REFUND_MINOR });
      const existing = refunds.get(input.idempotencyKey);
      if (existing) return existing;
      const r: RefundResult = {
        providerRefundId: `test_rfnd_${input.idempotencyKey}`,
        status: 'processed',
        amountMinor: input.amountMinor,
        raw: { ...input },
      };
      refunds.set(input.idempotencyKey, r);
      return r;
    },

    readApprovalPage({ orderId, token: t }) {
      const p = read(orderId, t);
      if (typeof p === 'string' || p.k !== 'view') return undefined;
      return {
        orderId,
        amountMinor: p.a,
        currency: p.c,
        approveToken: token({ k: 'approve', o: orderId, a: p.a, c: p.c }),
        declineToken: token({ k: 'decline', o: orderId, a: p.a, c: p.c }),
      };
    },

    decide({ orderId, token: t }): DecisionResult {
      const p = read(orderId, t);
      if (typeof p === 'string') return { ok: false, reason: p };
      if (p.k === 'view') return { ok: false, reason: 'bad-token' };
      const decision: Decision = p.k;
      const paymentId = `test_pay_${orderId.replace(/^test_order_/, '')}`;
      const base = {
        providerOrderId: orderId,
        providerPaymentId: paymentId,
        providerRefundId: null,
        refundReference: null,
        amountMinor: p.a,
        currency: p.c,
        raw: { orderId, decision },
      };
      // Deterministic ids: pressing the button twice yields the same events, which the DB drops.
      const events: GatewayEvent[] =
        decision === 'approve'
          ? [
              {
                ...base,
                providerEventId: `test_evt_${orderId}_authorized`,
                type: 'payment.authorized',
                failureReason: null,
              },
              {
                ...base,
                providerEventId: `test_evt_${orderId}_captured`,
                type: 'payment.captured',
                failureReason: null,
              },
            ]
          : [
              {
                ...base,
                providerEventId: `test_evt_${orderId}_failed`,
                type: 'payment.failed',
                failureReason: 'Declined on the test page',
              },
            ];
      const known = orders.get(orderId);
      if (known) orders.set(orderId, { ...known, status: decision === 'approve' ? 'captured' : 'failed', paymentId });
      return { ok: true, decision, events, webhook: signWebhook(events) };
    },

    signWebhook,

    async checkConnection(): Promise<void> {
      // Offline: there is nothing to reach.
    },

    verifyWebhook({ rawBody, headers }: WebhookInput): WebhookResult {
      const denied = checkWebhookHeader({
        headers,
        name: 'x-test-signature',
        matches: (signature) => safeEqual(hmacSha256(config.secret, rawBody), signature),
        missing: 'X-Test-Signature is missing',
        mismatch: 'X-Test-Signature does not match the body',
      });
      if (denied) return denied;
      const parsed = parseWebhookJson(rawBody, webhookSchema);
      if (!parsed.ok) return parsed;
      const { data, json } = parsed;
      return { ok: true, events: data.events.map((e) => ({ ...e, raw: json })) };
    },

    verifyCheckoutSignature(params): boolean {
      if (!params.orderId || !params.token) return false;
      const p = read(params.orderId, params.token);
      return typeof p !== 'string' && p.k !== 'view';
    },
  };
}
