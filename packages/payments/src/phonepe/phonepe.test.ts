import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RecordedRequest, Reply } from '../testing/local-server.ts';
import { useLocalServer } from '../testing/use-local-server.ts';
import { createPhonePeProvider, type PhonePeConfig } from './phonepe-provider.ts';

let reply: (req: RecordedRequest) => Reply | undefined;
let clock = 1_730_000_000_000;
const server = useLocalServer((req) => reply(req));

const tokenReply = (token = 'eyJhbGciOiJIUzI1NiJ9.test', expiresAt = clock / 1000 + 3600): Reply => ({
  json: {
    access_token: token,
    encrypted_access_token: token,
    expires_in: null,
    issued_at: clock / 1000,
    expires_at: expiresAt,
    session_expires_at: expiresAt,
    token_type: 'O-Bearer',
  },
});

function provider(over: Partial<PhonePeConfig> = {}) {
  return createPhonePeProvider({
    clientId: 'TEST-M22CLIENT',
    clientSecret: 'client-secret-test',
    clientVersion: '1',
    webhookUsername: 'magma-hook',
    webhookPassword: 'hook-password',
    environment: 'sandbox',
    authBaseUrl: server.url,
    pgBaseUrl: `${server.url}/pg`,
    now: () => clock,
    ...over,
  });
}

describe('PhonePe adapter against the documented PG v2 API', () => {
  it('gets an OAuth token, then creates a payment in paise and returns the hosted page URL', async () => {
    reply = (req) => {
      if (req.path === '/v1/oauth/token') return tokenReply();
      if (req.path === '/pg/checkout/v2/pay')
        return {
          json: {
            orderId: 'OMO2403282020198641379508',
            state: 'PENDING',
            expireAt: 1711867462542,
            redirectUrl: 'https://mercury-uat.phonepe.com/transact/uat_v2?token=abc',
          },
        };
      return undefined;
    };
    const created = await provider().createOrder({
      amountMinor: 25050,
      currency: 'INR',
      receipt: 'pay-6f1c',
      notes: { charger: 'CHG-7' },
      returnUrl: 'https://charge.voltpe.in/pay/return',
    });

    const [tokenReq, payReq] = server.requests;
    expect(tokenReq!.method).toBe('POST');
    expect(tokenReq!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(tokenReq!.form())).toEqual({
      client_id: 'TEST-M22CLIENT',
      client_version: '1',
      client_secret: 'client-secret-test',
      grant_type: 'client_credentials',
    });
    expect(payReq!.headers.authorization).toBe('O-Bearer eyJhbGciOiJIUzI1NiJ9.test');
    expect(payReq!.json()).toEqual({
      merchantOrderId: 'pay-6f1c',
      amount: 25050,
      expireAfter: 1200,
      metaInfo: { udf1: 'charger=CHG-7' },
      paymentFlow: { type: 'PG_CHECKOUT', merchantUrls: { redirectUrl: 'https://charge.voltpe.in/pay/return' } },
    });
    expect(created).toMatchObject({
      providerOrderId: 'pay-6f1c',
      checkout: { kind: 'redirect', url: 'https://mercury-uat.phonepe.com/transact/uat_v2?token=abc' },
    });
  });

  it('reuses the token until a minute before it expires', async () => {
    let issued = 0;
    reply = (req) => {
      if (req.path === '/v1/oauth/token') return tokenReply(`tok-${++issued}`, clock / 1000 + 600);
      return { json: { orderId: 'OMO1', state: 'PENDING', amount: 100, paymentDetails: [] } };
    };
    const p = provider();
    await p.fetchOrderStatus('a');
    await p.fetchOrderStatus('b');
    expect(issued).toBe(1);
    clock += 541_000;
    await p.fetchOrderStatus('c');
    expect(issued).toBe(2);
    expect(server.requests.filter((r) => r.path.startsWith('/pg')).map((r) => r.headers.authorization)).toEqual([
      'O-Bearer tok-1',
      'O-Bearer tok-1',
      'O-Bearer tok-2',
    ]);
  });

  it('asks for a new token once when PhonePe refuses one before its expiry (401), then carries on', async () => {
    let issued = 0;
    reply = (req) => {
      if (req.path === '/v1/oauth/token') return tokenReply(`tok-${++issued}`);
      if (req.headers.authorization === 'O-Bearer tok-1') return { status: 401, json: { code: 'UNAUTHORIZED' } };
      return { json: { orderId: 'OMO1', state: 'PENDING', amount: 100, paymentDetails: [] } };
    };
    const p = provider();
    await expect(p.fetchOrderStatus('a')).resolves.toMatchObject({ status: 'pending' });
    expect(server.requests.map((r) => `${r.path.split('?')[0]} ${r.headers.authorization ?? ''}`.trim())).toEqual([
      '/v1/oauth/token',
      '/pg/checkout/v2/order/a/status O-Bearer tok-1',
      '/v1/oauth/token',
      '/pg/checkout/v2/order/a/status O-Bearer tok-2',
    ]);
  });

  it('gives up after one new token is refused too, and fetches one token for calls made together', async () => {
    let issued = 0;
    reply = (req) => {
      if (req.path === '/v1/oauth/token') return tokenReply(`tok-${++issued}`);
      return { status: 401, json: { code: 'UNAUTHORIZED', message: 'Client not authorised' } };
    };
    const p = provider();
    await expect(p.fetchOrderStatus('a')).rejects.toMatchObject({ code: 'REJECTED', status: 401 });
    expect(issued).toBe(2);

    issued = 0;
    reply = (req) => {
      if (req.path === '/v1/oauth/token') return tokenReply(`tok-${++issued}`);
      return { json: { orderId: 'OMO1', state: 'PENDING', amount: 100, paymentDetails: [] } };
    };
    const q = provider();
    await Promise.all(['a', 'b', 'c'].map((id) => q.fetchOrderStatus(id)));
    expect(issued).toBe(1);
  });

  it('reads order status and the transaction id of the completed attempt', async () => {
    reply = (req) => {
      if (req.path === '/v1/oauth/token') return tokenReply();
      if (req.path === '/pg/checkout/v2/order/pay-6f1c/status')
        return {
          json: {
            orderId: 'OMO2403282020198641379508',
            state: 'COMPLETED',
            amount: 25050,
            expireAt: 1724866793837,
            metaInfo: { udf1: 'charger=CHG-7' },
            paymentDetails: [
              {
                paymentMode: 'UPI_QR',
                transactionId: 'OM111',
                timestamp: 1724866793837,
                amount: 25050,
                state: 'FAILED',
                errorCode: 'INVALID_MPIN',
              },
              {
                paymentMode: 'UPI_INTENT',
                transactionId: 'OM222',
                timestamp: 1724866794837,
                amount: 25050,
                state: 'COMPLETED',
              },
            ],
          },
        };
      return undefined;
    };
    expect(await provider().fetchOrderStatus('pay-6f1c')).toMatchObject({
      status: 'captured',
      amountMinor: 25050,
      paidMinor: 25050,
      providerPaymentId: 'OM222',
    });
    expect(server.requests[1]!.query.get('details')).toBe('false');
  });

  it('refunds against the merchant order id with our key as merchantRefundId', async () => {
    reply = (req) => {
      if (req.path === '/v1/oauth/token') return tokenReply();
      if (req.path === '/pg/payments/v2/refund')
        return { json: { refundId: 'OMR7878098045517540996', amount: 5000, state: 'PENDING' } };
      return undefined;
    };
    const r = await provider().refund({
      providerPaymentId: 'OM222',
      providerOrderId: 'pay-6f1c',
      amountMinor: 5000,
      idempotencyKey: 'refund-0001',
    });
    expect(server.requests[1]!.json()).toEqual({
      merchantRefundId: 'refund-0001',
      originalMerchantOrderId: 'pay-6f1c',
      amount: 5000,
    });
    expect(r).toEqual(
      expect.objectContaining({ providerRefundId: 'OMR7878098045517540996', status: 'pending', amountMinor: 5000 }),
    );
  });

  it('surfaces a rejected request as a PaymentError', async () => {
    reply = (req) =>
      req.path === '/v1/oauth/token'
        ? { status: 401, json: { code: 'UNAUTHORIZED', message: 'Invalid client' } }
        : undefined;
    await expect(provider().fetchOrderStatus('x')).rejects.toMatchObject({
      name: 'PaymentError',
      code: 'REJECTED',
      status: 401,
      message: 'phonepe answered 401: Invalid client',
    });
  });
});

describe('PhonePe callback verification', () => {
  const auth = createHash('sha256').update('magma-hook:hook-password').digest('hex');
  const completed = JSON.stringify({
    event: 'checkout.order.completed',
    payload: {
      orderId: 'OMO2403282020198641379508',
      merchantId: 'M22CLIENT',
      merchantOrderId: 'pay-6f1c',
      state: 'COMPLETED',
      amount: 25050,
      expireAt: 1724866793837,
      metaInfo: {},
      paymentDetails: [
        { paymentMode: 'UPI_QR', transactionId: 'OM222', timestamp: 1724866793837, amount: 25050, state: 'COMPLETED' },
      ],
    },
  });

  it('accepts Authorization = SHA256(username:password) and normalizes a completed order', () => {
    expect(provider().verifyWebhook({ rawBody: completed, headers: { authorization: auth } })).toMatchObject({
      ok: true,
      events: [
        {
          providerEventId: 'checkout.order.completed:OMO2403282020198641379508',
          type: 'payment.captured',
          providerOrderId: 'pay-6f1c',
          providerPaymentId: 'OM222',
          amountMinor: 25050,
        },
      ],
    });
  });

  it.each([
    ['missing', {}, 'missing-signature'],
    [
      'hash of other credentials',
      { authorization: createHash('sha256').update('magma-hook:wrong').digest('hex') },
      'bad-signature',
    ],
    ['plain credentials instead of the hash', { authorization: 'magma-hook:hook-password' }, 'bad-signature'],
  ])('rejects a %s Authorization header', (_, headers: Record<string, string>, reason) => {
    expect(provider().verifyWebhook({ rawBody: completed, headers })).toMatchObject({ ok: false, reason });
  });

  it('normalizes a completed refund with our merchantRefundId as the reference', () => {
    const body = JSON.stringify({
      event: 'pg.refund.completed',
      payload: {
        merchantId: 'M22CLIENT',
        merchantRefundId: 'refund-0001',
        originalMerchantOrderId: 'pay-6f1c',
        refundId: 'OMR7878098045517540996',
        amount: 5000,
        state: 'COMPLETED',
        timestamp: 1730869961754,
      },
    });
    expect(provider().verifyWebhook({ rawBody: body, headers: { authorization: auth } })).toMatchObject({
      ok: true,
      events: [
        {
          type: 'refund.processed',
          providerRefundId: 'OMR7878098045517540996',
          refundReference: 'refund-0001',
          amountMinor: 5000,
        },
      ],
    });
  });

  // The refund callbacks exactly as PhonePe's webhook page shows them: accepted and completed name the
  // refund by our merchantRefundId only; failed names it by PhonePe's refundId, with an empty order id.
  const refundCallbacks = {
    accepted: {
      event: 'pg.refund.accepted',
      payload: {
        merchantId: 'merchantId',
        merchantRefundId: 'merchantRefundId_2',
        originalMerchantOrderId: 'MO950606fb',
        amount: 1000,
        state: 'CONFIRMED',
        paymentDetails: [
          {
            transactionId: 'OMR2408282309538075378400',
            paymentMode: 'UPI_QR',
            timestamp: 1724866793837,
            amount: 1000,
            payableAmount: 1600,
            feeAmount: 600,
            state: 'CONFIRMED',
          },
        ],
      },
    },
    completed: {
      event: 'pg.refund.completed',
      payload: {
        merchantId: 'merchantId',
        merchantRefundId: 'merchantRefundId',
        originalMerchantOrderId: 'Refund-12345',
        amount: 50000,
        state: 'COMPLETED',
        paymentDetails: [
          {
            paymentMode: 'UPI_INTENT',
            timestamp: 1706629419799,
            amount: 50000,
            transactionId: 'OMR7896789',
            state: 'COMPLETED',
            splitInstruments: [
              {
                amount: 50000,
                rail: { type: 'UPI', upiTransactionId: 'upi12313', vpa: '12****78@ybl' },
                instrument: { type: 'ACCOUNT', accountType: 'SAVINGS', accountNumber: '******1234' },
              },
            ],
          },
        ],
      },
    },
    failed: {
      event: 'pg.refund.failed',
      payload: {
        originalMerchantOrderId: '',
        refundId: 'OMRxxxxx',
        amount: 1234,
        state: 'FAILED',
        errorCode: 'AUTHORIZATION_ERROR',
        detailedErrorCode: 'ZM',
        paymentDetails: [
          {
            paymentMode: 'UPI_INTENT',
            timestamp: 1706629419799,
            amount: 50000,
            transactionId: 'OMR7896789',
            state: 'COMPLETED',
          },
        ],
      },
    },
  };

  it.each([
    [
      'accepted (merchantRefundId only)',
      refundCallbacks.accepted,
      {
        providerEventId: 'pg.refund.accepted:merchantRefundId_2',
        type: 'refund.created',
        providerOrderId: 'MO950606fb',
        providerRefundId: null,
        refundReference: 'merchantRefundId_2',
        amountMinor: 1000,
      },
    ],
    [
      'completed (merchantRefundId only)',
      refundCallbacks.completed,
      {
        providerEventId: 'pg.refund.completed:merchantRefundId',
        type: 'refund.processed',
        providerOrderId: 'Refund-12345',
        providerRefundId: null,
        refundReference: 'merchantRefundId',
        amountMinor: 50000,
      },
    ],
    [
      'failed (refundId only, empty order id)',
      refundCallbacks.failed,
      {
        providerEventId: 'pg.refund.failed:OMRxxxxx',
        type: 'refund.failed',
        providerOrderId: null,
        providerRefundId: 'OMRxxxxx',
        refundReference: null,
        amountMinor: 1234,
        failureReason: 'ZM',
      },
    ],
  ])('reads the documented refund callback %s', (_, callback, expected) => {
    const r = provider().verifyWebhook({ rawBody: JSON.stringify(callback), headers: { authorization: auth } });
    expect(r).toMatchObject({ ok: true, events: [expected] });
  });

  it('refuses a refund callback that names no refund at all', () => {
    const { merchantRefundId: _, ...payload } = refundCallbacks.completed.payload;
    const body = JSON.stringify({ event: 'pg.refund.completed', payload });
    expect(provider().verifyWebhook({ rawBody: body, headers: { authorization: auth } })).toMatchObject({
      ok: false,
      reason: 'bad-payload',
    });
  });

  it.each([
    ['pg.order.completed (other PhonePe products)', { event: 'pg.order.completed' }],
    ['the older upper-case type PG_ORDER_COMPLETED', { type: 'PG_ORDER_COMPLETED' }],
  ])('reads %s as a capture', (_, head) => {
    const body = JSON.stringify({ ...head, payload: JSON.parse(completed).payload });
    expect(provider().verifyWebhook({ rawBody: body, headers: { authorization: auth } })).toMatchObject({
      ok: true,
      events: [{ type: 'payment.captured', providerOrderId: 'pay-6f1c' }],
    });
  });

  it('trusts payload.state over the event name, and ignores a still-pending order', () => {
    const failedState = JSON.stringify({
      event: 'checkout.order.completed',
      payload: { ...JSON.parse(completed).payload, state: 'FAILED' },
    });
    const pending = JSON.stringify({
      event: 'checkout.order.completed',
      payload: { ...JSON.parse(completed).payload, state: 'PENDING' },
    });
    const a = provider().verifyWebhook({ rawBody: failedState, headers: { authorization: auth } });
    expect(a.ok && a.events.map((e) => e.type)).toEqual(['payment.failed']);
    expect(provider().verifyWebhook({ rawBody: pending, headers: { authorization: auth } })).toEqual({
      ok: true,
      events: [],
    });
  });

  it('understands the older upper-case `type` field', () => {
    const body = JSON.stringify({
      type: 'CHECKOUT_ORDER_FAILED',
      payload: { ...JSON.parse(completed).payload, state: 'FAILED', errorCode: 'TXN_AUTO_FAILED', paymentDetails: [] },
    });
    expect(provider().verifyWebhook({ rawBody: body, headers: { authorization: auth } })).toMatchObject({
      ok: true,
      events: [{ type: 'payment.failed', failureReason: 'TXN_AUTO_FAILED', providerPaymentId: null }],
    });
  });
});
