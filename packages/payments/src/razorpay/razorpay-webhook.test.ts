import { createHmac } from 'node:crypto';
import Razorpay from 'razorpay';
import { describe, expect, it } from 'vitest';
import { createRazorpayProvider } from './razorpay-provider.ts';

const WEBHOOK_SECRET = 'whsec_test_only';
const KEY_SECRET = 'key_secret_test_only';
const provider = createRazorpayProvider({
  keyId: 'rzp_test_abc',
  keySecret: KEY_SECRET,
  webhookSecret: WEBHOOK_SECRET,
});

function sign(body: string, secret = WEBHOOK_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function aPaymentEvent(event: string, payment: Record<string, unknown> = {}): string {
  return JSON.stringify({
    entity: 'event',
    account_id: 'acc_BFQ7uQEaa7j2z7',
    event,
    contains: ['payment'],
    payload: {
      payment: {
        entity: {
          id: 'pay_29QQoUBi66xm2f',
          entity: 'payment',
          amount: 50000,
          currency: 'INR',
          status: event === 'payment.failed' ? 'failed' : event === 'payment.authorized' ? 'authorized' : 'captured',
          order_id: 'order_9A33XWu170gUtm',
          captured: event === 'payment.captured',
          error_code: event === 'payment.failed' ? 'BAD_REQUEST_ERROR' : null,
          error_description: event === 'payment.failed' ? 'Payment failed due to incorrect OTP' : null,
          ...payment,
        },
      },
    },
    created_at: 1567674606,
  });
}

function aRefundEvent(event: 'refund.processed' | 'refund.failed'): string {
  return JSON.stringify({
    entity: 'event',
    account_id: 'acc_BFQ7uQEaa7j2z7',
    event,
    contains: ['refund', 'payment'],
    payload: {
      refund: {
        entity: {
          id: 'rfnd_DGa7CuFZ3YuZkT',
          entity: 'refund',
          amount: 12000,
          currency: 'INR',
          payment_id: 'pay_29QQoUBi66xm2f',
          notes: [],
          receipt: '5a6f1c1e-5d0b-4a53-9b43-0c1a0d1c7e11',
          status: event === 'refund.processed' ? 'processed' : 'failed',
        },
      },
      payment: {
        entity: {
          id: 'pay_29QQoUBi66xm2f',
          entity: 'payment',
          amount: 50000,
          currency: 'INR',
          status: 'captured',
          order_id: 'order_9A33XWu170gUtm',
        },
      },
    },
    created_at: 1567674606,
  });
}

describe('Razorpay webhook verification', () => {
  it.each([
    ['payment.authorized', 'payment.authorized'],
    ['payment.captured', 'payment.captured'],
    ['order.paid', 'payment.captured'],
    ['payment.failed', 'payment.failed'],
  ])('accepts a correctly signed %s and normalizes it to %s', (event, type) => {
    const body = aPaymentEvent(event);
    const r = provider.verifyWebhook({
      rawBody: Buffer.from(body),
      headers: { 'x-razorpay-signature': sign(body), 'x-razorpay-event-id': 'evt_1' },
    });
    expect(r).toMatchObject({
      ok: true,
      events: [
        {
          providerEventId: 'evt_1',
          type,
          providerOrderId: 'order_9A33XWu170gUtm',
          providerPaymentId: 'pay_29QQoUBi66xm2f',
          amountMinor: 50000,
          currency: 'INR',
        },
      ],
    });
  });

  it('carries the fee and tax of a captured payment, in paise (null where Razorpay sends none)', () => {
    const body = aPaymentEvent('payment.captured', { fee: 1180, tax: 180 });
    const r = provider.verifyWebhook({ rawBody: body, headers: { 'x-razorpay-signature': sign(body) } });
    expect(r.ok && r.events[0]).toMatchObject({ feeMinor: 1180, taxMinor: 180 });
    const bare = aPaymentEvent('payment.authorized', { fee: null, tax: null });
    const b = provider.verifyWebhook({ rawBody: bare, headers: { 'x-razorpay-signature': sign(bare) } });
    expect(b.ok && b.events[0]).toMatchObject({ feeMinor: null, taxMinor: null });
  });

  it('carries the failure reason of a failed payment', () => {
    const body = aPaymentEvent('payment.failed');
    const r = provider.verifyWebhook({ rawBody: body, headers: { 'x-razorpay-signature': sign(body) } });
    expect(r.ok && r.events[0]?.failureReason).toBe('Payment failed due to incorrect OTP');
  });

  it.each([['refund.processed'], ['refund.failed']] as const)(
    'normalizes %s with the refund id and our receipt',
    (event) => {
      const body = aRefundEvent(event);
      const r = provider.verifyWebhook({
        rawBody: body,
        headers: { 'x-razorpay-signature': sign(body), 'x-razorpay-event-id': 'evt_r' },
      });
      expect(r).toMatchObject({
        ok: true,
        events: [
          {
            type: event,
            providerRefundId: 'rfnd_DGa7CuFZ3YuZkT',
            refundReference: '5a6f1c1e-5d0b-4a53-9b43-0c1a0d1c7e11',
            providerPaymentId: 'pay_29QQoUBi66xm2f',
            providerOrderId: 'order_9A33XWu170gUtm',
            amountMinor: 12000,
          },
        ],
      });
    },
  );

  it('agrees with the SDK’s own validateWebhookSignature', () => {
    const body = aPaymentEvent('payment.captured');
    const signature = sign(body);
    expect(Razorpay.validateWebhookSignature(body, signature, WEBHOOK_SECRET)).toBe(true);
    expect(provider.verifyWebhook({ rawBody: body, headers: { 'X-Razorpay-Signature': signature } }).ok).toBe(true);
  });

  it('rejects a body changed after signing (amount raised by one paisa)', () => {
    const body = aPaymentEvent('payment.captured');
    const signature = sign(body);
    const tampered = body.replace('"amount":50000', '"amount":50001');
    expect(tampered).not.toBe(body);
    expect(provider.verifyWebhook({ rawBody: tampered, headers: { 'x-razorpay-signature': signature } })).toMatchObject(
      {
        ok: false,
        reason: 'bad-signature',
      },
    );
  });

  it('rejects a body re-serialized with different whitespace (the raw bytes are what is signed)', () => {
    const body = aPaymentEvent('payment.captured');
    const signature = sign(body);
    const reformatted = JSON.stringify(JSON.parse(body), null, 2);
    expect(provider.verifyWebhook({ rawBody: reformatted, headers: { 'x-razorpay-signature': signature } }).ok).toBe(
      false,
    );
  });

  it('rejects a signature made with another secret', () => {
    const body = aPaymentEvent('payment.captured');
    expect(
      provider.verifyWebhook({
        rawBody: body,
        headers: { 'x-razorpay-signature': sign(body, 'someone-elses-secret') },
      }),
    ).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it.each([
    ['missing', {}],
    ['empty', { 'x-razorpay-signature': '' }],
  ])('rejects a %s signature header', (_, headers: Record<string, string>) => {
    const body = aPaymentEvent('payment.captured');
    expect(provider.verifyWebhook({ rawBody: body, headers })).toMatchObject({
      ok: false,
      reason: 'missing-signature',
    });
  });

  it('rejects a signature of the wrong length without throwing', () => {
    const body = aPaymentEvent('payment.captured');
    expect(provider.verifyWebhook({ rawBody: body, headers: { 'x-razorpay-signature': 'abc' } })).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('surfaces the same providerEventId when Razorpay replays an event, so the DB can drop it', () => {
    const body = aPaymentEvent('payment.captured');
    const headers = { 'x-razorpay-signature': sign(body), 'x-razorpay-event-id': 'KAlRNEhUfI3Xyo' };
    const first = provider.verifyWebhook({ rawBody: body, headers });
    const replay = provider.verifyWebhook({ rawBody: Buffer.from(body), headers });
    expect(first.ok && first.events[0]?.providerEventId).toBe('KAlRNEhUfI3Xyo');
    expect(replay.ok && replay.events[0]?.providerEventId).toBe('KAlRNEhUfI3Xyo');
  });

  it('falls back to a body hash as event id when the header is absent, stable across replays', () => {
    const body = aPaymentEvent('payment.captured');
    const a = provider.verifyWebhook({ rawBody: body, headers: { 'x-razorpay-signature': sign(body) } });
    const b = provider.verifyWebhook({ rawBody: body, headers: { 'x-razorpay-signature': sign(body) } });
    const idA = a.ok ? a.events[0]?.providerEventId : undefined;
    expect(idA).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b.ok && b.events[0]?.providerEventId).toBe(idA);
  });

  it('acknowledges events it does not use with no normalized events', () => {
    const body = JSON.stringify({ entity: 'event', event: 'settlement.processed', payload: {} });
    expect(provider.verifyWebhook({ rawBody: body, headers: { 'x-razorpay-signature': sign(body) } })).toEqual({
      ok: true,
      events: [],
    });
  });

  it('acknowledges an unused event whose entity we do not model (payment.pending, a COD payment)', () => {
    // Answering 4xx would make Razorpay retry it and, in the end, disable the webhook for every event.
    const body = aPaymentEvent('payment.pending', { status: 'pending', method: 'cod', captured: false });
    expect(provider.verifyWebhook({ rawBody: body, headers: { 'x-razorpay-signature': sign(body) } })).toEqual({
      ok: true,
      events: [],
    });
  });

  it('rejects a signed body that is not a Razorpay event', () => {
    const body = '{"hello":"world"}';
    expect(provider.verifyWebhook({ rawBody: body, headers: { 'x-razorpay-signature': sign(body) } })).toMatchObject({
      ok: false,
      reason: 'bad-payload',
    });
  });
});

describe('Razorpay checkout signature', () => {
  const orderId = 'order_IEIaMR65cu6nz3';
  const paymentId = 'pay_IH4NVgf4Dreq1l';
  const good = createHmac('sha256', KEY_SECRET).update(`${orderId}|${paymentId}`).digest('hex');

  it('accepts HMAC-SHA256(order_id|payment_id, key_secret)', () => {
    expect(
      provider.verifyCheckoutSignature!({
        razorpay_order_id: orderId,
        razorpay_payment_id: paymentId,
        razorpay_signature: good,
      }),
    ).toBe(true);
  });

  it.each([
    ['another payment id', { razorpay_order_id: orderId, razorpay_payment_id: 'pay_other', razorpay_signature: good }],
    [
      'another order id',
      { razorpay_order_id: 'order_other', razorpay_payment_id: paymentId, razorpay_signature: good },
    ],
    ['no signature', { razorpay_order_id: orderId, razorpay_payment_id: paymentId }],
    [
      'a signature made with the webhook secret',
      {
        razorpay_order_id: orderId,
        razorpay_payment_id: paymentId,
        razorpay_signature: createHmac('sha256', WEBHOOK_SECRET).update(`${orderId}|${paymentId}`).digest('hex'),
      },
    ],
  ])('rejects %s', (_, params: Record<string, string>) => {
    expect(provider.verifyCheckoutSignature!(params)).toBe(false);
  });
});
