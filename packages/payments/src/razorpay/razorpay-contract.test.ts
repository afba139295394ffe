import { describe, expect, it } from 'vitest';
import { PaymentError } from '../errors.ts';
import { basicAuth, type RecordedRequest, type Reply } from '../testing/local-server.ts';
import { useLocalServer } from '../testing/use-local-server.ts';
import { createRazorpayProvider } from './razorpay-provider.ts';

// Contract: the official SDK, pointed at a local server answering with the shapes documented at
// https://razorpay.com/docs/api/ — we assert what we send (path, Basic auth, body in paise).

const KEY_ID = 'rzp_test_1DP5mmOlF5G5ag';
const KEY_SECRET = 'thisisatestsecret';

const order = {
  id: 'order_EKwxwAgItmmXdp',
  entity: 'order',
  amount: 50000,
  amount_paid: 0,
  amount_due: 50000,
  currency: 'INR',
  receipt: '0b6f8c6e-8d1c-4a0e-9b9c-1f2b3c4d5e6f',
  offer_id: null,
  status: 'created',
  attempts: 0,
  notes: { chargerId: 'CHG-1' },
  created_at: 1582628071,
};

const payment = (status: string, id = 'pay_G8VQzjPLoAvm6D') => ({
  id,
  entity: 'payment',
  amount: 50000,
  currency: 'INR',
  status,
  order_id: order.id,
  invoice_id: null,
  international: false,
  method: 'upi',
  amount_refunded: 0,
  refund_status: null,
  captured: status === 'captured',
  vpa: 'driver@okhdfcbank',
  fee: 1180,
  tax: 180,
  error_code: null,
  error_description: null,
  created_at: 1582628120,
});

let reply: (req: RecordedRequest) => Reply | undefined;
const server = useLocalServer((req) => reply(req));

const provider = () =>
  createRazorpayProvider({
    keyId: KEY_ID,
    keySecret: KEY_SECRET,
    webhookSecret: 'wh',
    baseUrl: server.url,
    merchantName: 'VoltPe',
  });

describe('Razorpay adapter against the documented REST API', () => {
  it('creates an order in paise with Basic auth and returns Checkout options', async () => {
    reply = (req) => (req.method === 'POST' && req.path === '/v1/orders' ? { json: order } : undefined);
    const created = await provider().createOrder({
      amountMinor: 50000,
      currency: 'INR',
      receipt: order.receipt,
      notes: { chargerId: 'CHG-1' },
      customer: { email: 'driver@example.in', phone: '+919800000000' },
    });

    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.headers.authorization).toBe(basicAuth(KEY_ID, KEY_SECRET));
    expect(req.json()).toEqual({
      amount: 50000,
      currency: 'INR',
      receipt: order.receipt,
      notes: { chargerId: 'CHG-1' },
    });
    expect(created.providerOrderId).toBe(order.id);
    expect(created.checkout).toEqual({
      kind: 'razorpay-checkout',
      options: {
        key: KEY_ID,
        order_id: order.id,
        amount: 50000,
        currency: 'INR',
        name: 'VoltPe',
        notes: { chargerId: 'CHG-1' },
        prefill: { email: 'driver@example.in', contact: '+919800000000', name: undefined },
      },
    });
  });

  it('refuses a fractional or zero amount before calling Razorpay', async () => {
    reply = () => ({ json: order });
    await expect(provider().createOrder({ amountMinor: 499.5, currency: 'INR', receipt: 'r' })).rejects.toThrow(
      RangeError,
    );
    await expect(provider().createOrder({ amountMinor: 0, currency: 'INR', receipt: 'r' })).rejects.toThrow(RangeError);
    expect(server.requests).toHaveLength(0);
  });

  it('reads an order’s status from its best payment attempt', async () => {
    reply = (req) => {
      if (req.path === `/v1/orders/${order.id}`)
        return { json: { ...order, status: 'paid', amount_paid: 50000, amount_due: 0 } };
      if (req.path === `/v1/orders/${order.id}/payments`)
        return {
          json: { entity: 'collection', count: 2, items: [payment('failed', 'pay_first'), payment('captured')] },
        };
      return undefined;
    };
    const status = await provider().fetchOrderStatus(order.id);
    expect(status).toMatchObject({
      status: 'captured',
      paidMinor: 50000,
      providerPaymentId: 'pay_G8VQzjPLoAvm6D',
      feeMinor: 1180,
      taxMinor: 180,
    });
    expect(server.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('fetches and captures a payment', async () => {
    reply = (req) => {
      if (req.method === 'GET' && req.path === '/v1/payments/pay_G8VQzjPLoAvm6D')
        return { json: payment('authorized') };
      if (req.method === 'POST' && req.path === '/v1/payments/pay_G8VQzjPLoAvm6D/capture')
        return { json: payment('captured') };
      return undefined;
    };
    const p = provider();
    expect(await p.fetchPayment!('pay_G8VQzjPLoAvm6D')).toMatchObject({ status: 'authorized', amountMinor: 50000 });
    expect(
      await p.capture!({ providerPaymentId: 'pay_G8VQzjPLoAvm6D', amountMinor: 50000, currency: 'INR' }),
    ).toMatchObject({
      status: 'captured',
    });
    expect(server.requests[1]!.json()).toEqual({ amount: 50000, currency: 'INR' });
  });

  it('refunds in paise and passes our idempotency key as the receipt', async () => {
    reply = (req) =>
      req.method === 'POST' && req.path === '/v1/payments/pay_G8VQzjPLoAvm6D/refund'
        ? {
            json: {
              id: 'rfnd_FP8QHiV938haTz',
              entity: 'refund',
              amount: 12345,
              receipt: 'refund-key-1',
              currency: 'INR',
              payment_id: 'pay_G8VQzjPLoAvm6D',
              notes: [],
              acquirer_data: { arn: null },
              created_at: 1597078866,
              batch_id: null,
              status: 'processed',
              speed_processed: 'normal',
              speed_requested: 'normal',
            },
          }
        : undefined;
    const r = await provider().refund({
      providerPaymentId: 'pay_G8VQzjPLoAvm6D',
      amountMinor: 12345,
      idempotencyKey: 'refund-key-1',
    });
    expect(r).toMatchObject({ providerRefundId: 'rfnd_FP8QHiV938haTz', status: 'processed', amountMinor: 12345 });
    expect(server.requests[0]!.json()).toEqual({ amount: 12345, speed: 'normal', receipt: 'refund-key-1', notes: {} });
    expect(server.requests[0]!.headers['x-refund-idempotency']).toBe('refund-key-1');
    expect(server.requests[0]!.headers.authorization).toBe(basicAuth(KEY_ID, KEY_SECRET));
  });

  it('a refund whose answer was lost is sent again with the same key and body, and Razorpay makes one', async () => {
    // Razorpay's documented idempotent refund: the same X-Refund-Idempotency returns the first refund.
    const made = new Map<string, { id: string; amount: number }>();
    let n = 0;
    reply = (req) => {
      if (req.method !== 'POST' || req.path !== '/v1/payments/pay_G8VQzjPLoAvm6D/refund') return undefined;
      const key = String(req.headers['x-refund-idempotency'] ?? '');
      const body = req.json() as { amount: number };
      const refund = made.get(key) ?? { id: `rfnd_${++n}`, amount: body.amount };
      if (key) made.set(key, refund);
      const entity = {
        ...refund,
        entity: 'refund',
        currency: 'INR',
        payment_id: 'pay_G8VQzjPLoAvm6D',
        status: 'pending',
      };
      return n === 1 && server.requests.length === 1 ? { drop: true } : { json: entity };
    };
    const input = { providerPaymentId: 'pay_G8VQzjPLoAvm6D', amountMinor: 5000, idempotencyKey: 'a2a7c1e0-refund' };
    await expect(provider().refund(input)).rejects.toMatchObject({ code: 'UPSTREAM' });
    const again = await provider().refund(input);
    expect(again).toMatchObject({ providerRefundId: 'rfnd_1', amountMinor: 5000 });
    expect(made.size).toBe(1);
    expect(server.requests.map((r) => r.headers['x-refund-idempotency'])).toEqual([
      'a2a7c1e0-refund',
      'a2a7c1e0-refund',
    ]);
    expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
  });

  it('a 409 (same key still being processed) is an UPSTREAM error to retry, not a refusal', async () => {
    reply = () => ({
      status: 409,
      json: { error: { code: 'BAD_REQUEST_ERROR', description: 'Request is being processed' } },
    });
    await expect(
      provider().refund({
        providerPaymentId: 'pay_G8VQzjPLoAvm6D',
        amountMinor: 5000,
        idempotencyKey: 'key-0000000001',
      }),
    ).rejects.toMatchObject({ code: 'UPSTREAM', status: 409 });
  });

  it('refuses a key Razorpay would not accept as X-Refund-Idempotency before sending', async () => {
    reply = () => ({ json: {} });
    await expect(
      provider().refund({ providerPaymentId: 'pay_G8VQzjPLoAvm6D', amountMinor: 5000, idempotencyKey: 'short' }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(server.requests).toHaveLength(0);
  });

  it('reads the fee and tax Razorpay reports on a payment, in paise', async () => {
    reply = (req) => (req.path === '/v1/payments/pay_G8VQzjPLoAvm6D' ? { json: payment('captured') } : undefined);
    expect(await provider().fetchPayment!('pay_G8VQzjPLoAvm6D')).toMatchObject({ feeMinor: 1180, taxMinor: 180 });
  });

  it('turns a documented 400 error into a PaymentError with Razorpay’s description', async () => {
    reply = () => ({
      status: 400,
      json: {
        error: { code: 'BAD_REQUEST_ERROR', description: 'The amount must be atleast INR 1.00', source: 'business' },
      },
    });
    const err = await provider()
      .createOrder({ amountMinor: 50, currency: 'INR', receipt: 'r' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentError);
    expect(err).toMatchObject({ code: 'REJECTED', status: 400, message: expect.stringContaining('atleast INR 1.00') });
  });

  it('rejects a response that is not an order', async () => {
    reply = () => ({ json: { id: 'x' } });
    await expect(provider().createOrder({ amountMinor: 100, currency: 'INR', receipt: 'r' })).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
    });
  });

  it('reports an unreachable gateway as UPSTREAM', async () => {
    const dead = createRazorpayProvider({
      keyId: KEY_ID,
      keySecret: KEY_SECRET,
      webhookSecret: 'wh',
      baseUrl: 'http://127.0.0.1:9',
    });
    await expect(dead.createOrder({ amountMinor: 100, currency: 'INR', receipt: 'r' })).rejects.toMatchObject({
      code: 'UPSTREAM',
    });
  });
});
