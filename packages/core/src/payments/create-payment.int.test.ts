import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createTestGateway, PaymentError } from '@magma/payments';
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
  });

  it.each([[0], [-5], [10.5]])('refuses amount %s without touching the database', async (amountMinor) => {
    const before = await t.db.payment.count();
    await expect(createPayment({ db: t.db, gateway, tenantId, amountMinor })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    expect(await t.db.payment.count()).toBe(before);
  });
});
