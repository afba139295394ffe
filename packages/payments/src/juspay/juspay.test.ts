import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { basicAuth, type RecordedRequest, type Reply } from '../testing/local-server.ts';
import { useLocalServer } from '../testing/use-local-server.ts';
import { createJuspayProvider } from './juspay-provider.ts';

let reply: (req: RecordedRequest) => Reply | undefined;
const server = useLocalServer((req) => reply(req));

const API_KEY = 'B3F1A2C4D5E6F7A8B9C0';
const provider = () =>
  createJuspayProvider({
    apiKey: API_KEY,
    merchantId: 'voltpe',
    paymentPageClientId: 'voltpe',
    responseKey: 'response-key-test',
    webhookUsername: 'hook',
    webhookPassword: 'hook-pass',
    environment: 'sandbox',
    baseUrl: server.url,
  });

const anOrder = (over: Record<string, unknown> = {}) => ({
  id: 'ordeh_5d3b1b0f2b1a4d3c9e',
  order_id: 'pay-7a1b',
  merchant_id: 'voltpe',
  status: 'CHARGED',
  status_id: 21,
  amount: 250.5,
  currency: 'INR',
  customer_id: 'guest-pay-7a1b',
  txn_id: 'voltpe-pay-7a1b-1',
  txn_uuid: 'eulvd8XfGXZ5Kq9K',
  refunded: false,
  amount_refunded: 0,
  ...over,
});

describe('Juspay adapter against the documented HyperCheckout API', () => {
  it('creates a session with Basic auth (API key, empty password) and the amount in rupees', async () => {
    reply = (req) =>
      req.path === '/session'
        ? {
            json: {
              status: 'NEW',
              id: 'ordeh_5d3b1b0f2b1a4d3c9e',
              order_id: 'pay7a1b',
              payment_links: {
                web: 'https://sandbox.juspay.in/orders/ordeh_5d3b/payment-page',
                expiry: '2026-11-25T05:00:00Z',
              },
              sdk_payload: { requestId: 'r1', service: 'in.juspay.hyperpay', payload: {} },
            },
          }
        : undefined;
    const created = await provider().createOrder({
      amountMinor: 25050,
      currency: 'INR',
      receipt: 'pay7a1b',
      returnUrl: 'https://charge.voltpe.in/pay/return',
      customer: { email: 'd@example.in', phone: '9800000000' },
      notes: { charger: 'CHG-7' },
    });
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.headers.authorization).toBe(basicAuth(API_KEY, ''));
    expect(req.headers['x-merchantid']).toBe('voltpe');
    expect(req.headers['x-customerid']).toBe('guest-pay7a1b');
    expect(req.headers['x-routing-id']).toBe('pay7a1b');
    expect(req.json()).toMatchObject({
      order_id: 'pay7a1b',
      amount: '250.50',
      currency: 'INR',
      customer_id: 'guest-pay7a1b',
      customer_email: 'd@example.in',
      payment_page_client_id: 'voltpe',
      action: 'paymentPage',
      return_url: 'https://charge.voltpe.in/pay/return',
      udf6: 'charger=CHG-7',
    });
    expect(req.json()).not.toHaveProperty('udf1');
    expect(created).toMatchObject({
      providerOrderId: 'pay7a1b',
      checkout: { kind: 'redirect', url: 'https://sandbox.juspay.in/orders/ordeh_5d3b/payment-page' },
    });
  });

  it('turns our payment id into an order_id Juspay accepts (under 21 alphanumerics), the same every time', async () => {
    const sent: string[] = [];
    reply = (req) => {
      if (req.path !== '/session') return undefined;
      const { order_id } = req.json() as { order_id: string };
      sent.push(order_id);
      return {
        json: {
          status: 'NEW',
          id: `ordeh_${order_id}`,
          order_id,
          payment_links: { web: `https://sandbox.juspay.in/orders/ordeh_${order_id}/payment-page` },
        },
      };
    };
    const order = (receipt: string) =>
      provider().createOrder({
        amountMinor: 5000,
        currency: 'INR',
        receipt,
        returnUrl: 'https://charge.voltpe.in/s/x',
        notes: { paymentId: receipt },
      });
    const a = await order('5a6f1c1e-5d0b-4a53-9b43-0c1a0d1c7e11');
    const again = await order('5a6f1c1e-5d0b-4a53-9b43-0c1a0d1c7e11');
    const b = await order('5a6f1c1e-5d0b-4a53-9b43-0c1a0d1c7e12');
    expect(sent[0]).toMatch(/^[A-Za-z0-9]{1,20}$/);
    expect(a.providerOrderId).toBe(sent[0]);
    expect(again.providerOrderId).toBe(sent[0]);
    expect(b.providerOrderId).not.toBe(sent[0]);
    expect(server.requests[0]!.headers['x-routing-id']).toBe(sent[0]);
    // Our id, with its hyphens, travels in a udf that may hold special characters.
    expect(server.requests[0]!.json()).toMatchObject({ udf6: 'paymentId=5a6f1c1e-5d0b-4a53-9b43-0c1a0d1c7e11' });
  });

  it.each([
    ['CHARGED', 'captured', 25050],
    ['NEW', 'created', 0],
    ['PENDING_VBV', 'pending', 0],
    ['AUTHORIZATION_FAILED', 'failed', 0],
    ['AUTO_REFUNDED', 'refunded', 25050],
  ])('maps order status %s to %s', async (juspayStatus, status, paidMinor) => {
    reply = (req) =>
      req.method === 'GET' && req.path === '/orders/pay-7a1b' ? { json: anOrder({ status: juspayStatus }) } : undefined;
    expect(await provider().fetchOrderStatus('pay-7a1b')).toMatchObject({ status, amountMinor: 25050, paidMinor });
    expect(server.requests[0]!.headers.version).toBe('2023-06-30');
  });

  it('refunds with a form body: unique_request_id and the amount in rupees', async () => {
    reply = (req) =>
      req.path === '/orders/pay-7a1b/refunds'
        ? {
            json: anOrder({
              refunded: true,
              amount_refunded: 10.05,
              refunds: [
                { id: 'rfd_old', unique_request_id: 'older', amount: 1, status: 'SUCCESS' },
                {
                  id: null,
                  ref: null,
                  unique_request_id: 'refund-0001',
                  amount: 10.05,
                  status: 'PENDING',
                  created: '2026-11-25T03:00:00Z',
                },
              ],
            }),
          }
        : undefined;
    const r = await provider().refund({
      providerPaymentId: 'eulvd8XfGXZ5Kq9K',
      providerOrderId: 'pay-7a1b',
      amountMinor: 1005,
      idempotencyKey: 'refund-0001',
    });
    const req = server.requests[0]!;
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.headers.authorization).toBe(basicAuth(API_KEY, ''));
    expect(req.headers['x-routing-id']).toBe('pay-7a1b');
    expect(Object.fromEntries(req.form())).toEqual({ unique_request_id: 'refund-0001', amount: '10.05' });
    expect(r).toMatchObject({ providerRefundId: 'refund-0001', status: 'pending', amountMinor: 1005 });
  });
});

describe('Juspay webhook and return-URL signature', () => {
  const auth = basicAuth('hook', 'hook-pass');
  const body = (event_name: string, order: Record<string, unknown>) =>
    JSON.stringify({ id: 'evt_V2_abc123', date_created: '2026-11-25T03:00:00Z', event_name, content: { order } });

  it('accepts the configured Basic credentials and normalizes ORDER_SUCCEEDED', () => {
    expect(
      provider().verifyWebhook({ rawBody: body('ORDER_SUCCEEDED', anOrder()), headers: { authorization: auth } }),
    ).toMatchObject({
      ok: true,
      events: [
        {
          providerEventId: 'evt_V2_abc123',
          type: 'payment.captured',
          providerOrderId: 'pay-7a1b',
          providerPaymentId: 'eulvd8XfGXZ5Kq9K',
          amountMinor: 25050,
        },
      ],
    });
  });

  it.each([
    ['missing', {}, 'missing-signature'],
    ['wrong', { authorization: basicAuth('hook', 'nope') }, 'bad-signature'],
  ])('rejects a %s Authorization header', (_, headers: Record<string, string>, reason) => {
    expect(provider().verifyWebhook({ rawBody: body('ORDER_SUCCEEDED', anOrder()), headers })).toMatchObject({
      ok: false,
      reason,
    });
  });

  it('turns ORDER_REFUNDED into one event per successful refund, keyed by our request id', () => {
    const order = anOrder({
      refunded: true,
      refunds: [
        { id: 'rfd_1', unique_request_id: 'refund-a', amount: '10.00', status: 'SUCCESS' },
        { id: 'rfd_2', unique_request_id: 'refund-b', amount: 5.5, status: 'SUCCESS' },
        { id: null, unique_request_id: 'refund-c', amount: 1, status: 'PENDING' },
      ],
    });
    const r = provider().verifyWebhook({ rawBody: body('ORDER_REFUNDED', order), headers: { authorization: auth } });
    expect(r.ok && r.events.map((e) => [e.providerEventId, e.type, e.refundReference, e.amountMinor])).toEqual([
      ['evt_V2_abc123:refund-a', 'refund.processed', 'refund-a', 1000],
      ['evt_V2_abc123:refund-b', 'refund.processed', 'refund-b', 550],
    ]);
  });

  it('acknowledges an unused event without an order in its content (a mandate event)', () => {
    const mandate = JSON.stringify({
      id: 'evt_V2_mandate1',
      date_created: '2026-11-25T03:00:00Z',
      event_name: 'MANDATE_CREATED',
      content: { mandate: { mandate_id: 'mnd_1', mandate_status: 'CREATED', max_amount: '500.00' } },
    });
    expect(provider().verifyWebhook({ rawBody: mandate, headers: { authorization: auth } })).toEqual({
      ok: true,
      events: [],
    });
  });

  function sign(params: Record<string, string>, key: string): string {
    const q = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
    const payload = q(
      Object.keys(params)
        .sort()
        .map((k) => `${q(k)}=${q(params[k]!)}`)
        .join('&'),
    );
    return createHmac('sha256', key).update(payload).digest('base64');
  }

  it('verifies the return-URL signature and rejects a changed status', () => {
    const params = { order_id: 'pay-7a1b', status: 'CHARGED', status_id: '21' };
    const signature = sign(params, 'response-key-test');
    const p = provider();
    expect(p.verifyCheckoutSignature!({ ...params, signature, signature_algorithm: 'HMAC-SHA256' })).toBe(true);
    expect(
      p.verifyCheckoutSignature!({
        ...params,
        signature: encodeURIComponent(signature),
        signature_algorithm: 'HMAC-SHA256',
      }),
    ).toBe(true);
    expect(
      p.verifyCheckoutSignature!({
        ...params,
        status: 'AUTHORIZATION_FAILED',
        signature,
        signature_algorithm: 'HMAC-SHA256',
      }),
    ).toBe(false);
    expect(
      p.verifyCheckoutSignature!({ ...params, signature: sign(params, 'other'), signature_algorithm: 'HMAC-SHA256' }),
    ).toBe(false);
  });
});
