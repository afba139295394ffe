import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createTestGateway, type OrderStatus, type PaymentProvider } from '@magma/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPayment } from './create-payment.ts';
import { aTenant } from './payments.fixtures.ts';
import { recordPaymentEvent } from './record-payment-event.ts';
import { syncPaymentStatus } from './sync-payment-status.ts';

let t: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await aTenant(t.db)).id;
});
afterAll(async () => {
  await t.drop();
});

/** The offline gateway, answering the status API with whatever the test sets. */
function aGateway() {
  const inner = createTestGateway({ secret: 'sync-test-secret-0123456789' });
  let answer: Omit<OrderStatus, 'providerOrderId' | 'raw'> = {
    status: 'pending',
    amountMinor: 20000,
    currency: 'INR',
    paidMinor: 0,
    providerPaymentId: null,
  };
  const gateway: PaymentProvider = {
    ...inner,
    fetchOrderStatus: async (providerOrderId) => ({ ...answer, providerOrderId, raw: { answer } }),
  };
  return { gateway, inner, set: (a: Partial<typeof answer>) => (answer = { ...answer, ...a }) };
}

describe('syncPaymentStatus', () => {
  it('a pending order changes nothing; a captured one captures, once, however often it is synced', async () => {
    const { gateway, set } = aGateway();
    const { paymentId } = await createPayment({ db: t.db, gateway, tenantId, amountMinor: 20000 });
    expect(await syncPaymentStatus({ db: t.db, tenantId, paymentId, gateway })).toEqual({
      status: 'CREATED',
      changed: false,
    });
    set({ status: 'captured', paidMinor: 20000, providerPaymentId: 'OM222' });
    expect(await syncPaymentStatus({ db: t.db, tenantId, paymentId, gateway })).toEqual({
      status: 'CAPTURED',
      changed: true,
    });
    expect(await syncPaymentStatus({ db: t.db, tenantId, paymentId, gateway })).toEqual({
      status: 'CAPTURED',
      changed: false,
    });
    const row = await t.db.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { events: true } });
    expect(row).toMatchObject({ capturedMinor: 20000, providerPaymentId: 'OM222' });
    expect(row.events).toHaveLength(1);
  });

  it('the real webhook arriving after a sync does not capture twice', async () => {
    const { gateway, inner, set } = aGateway();
    const created = await createPayment({ db: t.db, gateway, tenantId, amountMinor: 20000 });
    set({ status: 'captured', paidMinor: 20000 });
    await syncPaymentStatus({ db: t.db, tenantId, paymentId: created.paymentId, gateway });
    if (created.checkout.kind !== 'redirect') throw new Error('expected redirect');
    const token = new URL(created.checkout.url, 'http://demo.local').searchParams.get('token')!;
    const page = inner.readApprovalPage({ orderId: created.providerOrderId, token })!;
    const decided = inner.decide({ orderId: created.providerOrderId, token: page.approveToken });
    if (!decided.ok) throw new Error(decided.reason);
    for (const event of decided.events) await recordPaymentEvent({ db: t.db, tenantId, provider: 'TEST', event });
    expect(await t.db.payment.findUniqueOrThrow({ where: { id: created.paymentId } })).toMatchObject({
      status: 'CAPTURED',
      capturedMinor: 20000,
    });
  });

  it('a captured order in another currency is refused like such a webhook: nothing captured, the answer kept', async () => {
    const { gateway, set } = aGateway();
    const { paymentId } = await createPayment({ db: t.db, gateway, tenantId, amountMinor: 20000 });
    set({ status: 'captured', paidMinor: 20000, currency: 'USD', providerPaymentId: 'OM-USD' });
    expect(await syncPaymentStatus({ db: t.db, tenantId, paymentId, gateway })).toEqual({
      status: 'CREATED',
      changed: false,
    });
    const row = await t.db.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { events: true } });
    expect(row).toMatchObject({ status: 'CREATED', capturedMinor: 0 });
    expect(row.events).toHaveLength(1);
  });

  it('a failed order fails the payment', async () => {
    const { gateway, set } = aGateway();
    const { paymentId } = await createPayment({ db: t.db, gateway, tenantId, amountMinor: 20000 });
    set({ status: 'failed' });
    expect(await syncPaymentStatus({ db: t.db, tenantId, paymentId, gateway })).toEqual({
      status: 'FAILED',
      changed: true,
    });
  });

  it('another tenant cannot sync this tenant’s payment', async () => {
    const { gateway } = aGateway();
    const { paymentId } = await createPayment({ db: t.db, gateway, tenantId, amountMinor: 20000 });
    const other = await aTenant(t.db);
    await expect(syncPaymentStatus({ db: t.db, tenantId: other.id, paymentId, gateway })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
