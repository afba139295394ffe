import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createRazorpayProvider, createTestGateway, PaymentError } from '@magma/payments';
import { EVENT_SCHEMAS, eventIdOf } from '../events/catalogue.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPayment } from './create-payment.ts';
import { aTenant } from './payments.fixtures.ts';
import { recordPaymentEvent } from './record-payment-event.ts';

let t: TestDatabase;
let tenantId: string;
const gateway = createTestGateway({ secret: 'create-test-secret-0123456789', baseUrl: 'https://demo.example.in' });

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await aTenant(t.db)).id;
});
afterAll(async () => {
  await t.drop();
});

/** The payment.failed event logged for a payment (exactly one), its data checked against the catalogue. */
async function failedEventOf(paymentId: string) {
  const rows = await t.db.eventLog.findMany({
    where: { tenantId, messageId: eventIdOf('payment.failed', paymentId) },
  });
  expect(rows).toHaveLength(1);
  const body = rows[0]!.payload as { type: string; data: unknown };
  expect(body.type).toBe('payment.failed');
  return EVENT_SCHEMAS['payment.failed'].parse(body.data);
}

describe('createPayment', () => {
  it('stores the payment with the gateway order and returns the checkout for the driver page', async () => {
    const created = await createPayment({ db: t.db, gateway, tenantId, amountMinor: 30000, email: 'd@example.in' });
    const row = await t.db.payment.findUniqueOrThrow({ where: { id: created.paymentId } });
    expect(row).toMatchObject({
      tenantId,
      provider: 'TEST',
      amountMinor: 30000,
      status: 'CREATED',
      providerOrderId: created.providerOrderId,
    });
    expect(created.checkout).toMatchObject({
      kind: 'redirect',
      url: expect.stringContaining(`/pay/test/${created.providerOrderId}?token=`),
    });
  });

  it('end to end with the test gateway: approve, webhook, captured — and a replayed webhook changes nothing', async () => {
    const created = await createPayment({ db: t.db, gateway, tenantId, amountMinor: 30000 });
    if (created.checkout.kind !== 'redirect') throw new Error('expected redirect');
    const token = new URL(created.checkout.url).searchParams.get('token')!;
    const page = gateway.readApprovalPage({ orderId: created.providerOrderId, token })!;
    const decided = gateway.decide({ orderId: created.providerOrderId, token: page.approveToken });
    if (!decided.ok) throw new Error(decided.reason);
    for (let delivery = 0; delivery < 2; delivery++) {
      const verified = gateway.verifyWebhook(decided.webhook);
      if (!verified.ok) throw new Error(verified.message);
      for (const event of verified.events) await recordPaymentEvent({ db: t.db, tenantId, provider: 'TEST', event });
    }
    const row = await t.db.payment.findUniqueOrThrow({ where: { id: created.paymentId }, include: { events: true } });
    expect(row).toMatchObject({ status: 'CAPTURED', capturedMinor: 30000 });
    expect(row.events).toHaveLength(2);
  });

  it('a gateway failure leaves the payment FAILED with the reason', async () => {
    const broken = {
      ...gateway,
      createOrder: () =>
        Promise.reject(new PaymentError({ code: 'UPSTREAM', provider: 'test', message: 'test answered 503' })),
    };
    await expect(createPayment({ db: t.db, gateway: broken, tenantId, amountMinor: 100 })).rejects.toMatchObject({
      code: 'UPSTREAM',
    });
    const row = await t.db.payment.findFirstOrThrow({ where: { tenantId, amountMinor: 100 } });
    expect(row.status).toBe('FAILED');
    expect(row.failureReason).toContain('503');
    expect(await failedEventOf(row.id)).toMatchObject({
      paymentId: row.id,
      amountMinor: 100,
      reason: row.failureReason,
    });
  });

  it("reports payment.failed with Razorpay's own reason when Razorpay refuses to make the order", async () => {
    // A local server in Razorpay's place answering the orders API as Razorpay refuses an order.
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(req.method === 'POST' && req.url === '/v1/orders' ? 400 : 404, {
          'content-type': 'application/json',
        });
        res.end(
          JSON.stringify({
            error: {
              code: 'BAD_REQUEST_ERROR',
              description: 'Order amount less than minimum amount allowed',
              source: 'business',
              step: 'payment_initiation',
              reason: 'input_validation_failed',
            },
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const razorpay = createRazorpayProvider({
        keyId: 'rzp_test_create',
        keySecret: 'create-secret',
        webhookSecret: 'create-webhook-secret',
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      });
      await expect(createPayment({ db: t.db, gateway: razorpay, tenantId, amountMinor: 50 })).rejects.toMatchObject({
        code: 'PAYMENT_FAILED',
      });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
    const row = await t.db.payment.findFirstOrThrow({ where: { tenantId, amountMinor: 50 } });
    expect(row).toMatchObject({ status: 'FAILED', provider: 'RAZORPAY', providerOrderId: null });
    expect(await failedEventOf(row.id)).toEqual({
      paymentId: row.id,
      sessionId: null,
      amountMinor: 50,
      currency: 'INR',
      gateway: 'razorpay',
      reason:
        'Could not start the payment: Razorpay order create failed: Order amount less than minimum amount allowed',
    });
  });

  it('a payment made without trouble reports no failure', async () => {
    const created = await createPayment({ db: t.db, gateway, tenantId, amountMinor: 700 });
    expect(
      await t.db.eventLog.count({ where: { tenantId, messageId: eventIdOf('payment.failed', created.paymentId) } }),
    ).toBe(0);
  });

  it.each([[0], [-5], [10.5]])('refuses amount %s without touching the database', async (amountMinor) => {
    const before = await t.db.payment.count();
    await expect(createPayment({ db: t.db, gateway, tenantId, amountMinor })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    expect(await t.db.payment.count()).toBe(before);
  });
});
