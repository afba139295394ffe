import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import {
  createTestGateway,
  PaymentError,
  type PaymentProvider,
  type RefundInput,
  type RefundResult,
} from '@magma/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { aTenant, anEvent } from './payments.fixtures.ts';
import { recordPaymentEvent } from './record-payment-event.ts';
import { declinedRefundOf, refundPayment } from './refund-payment.ts';

let t: TestDatabase;
let tenantId: string;
let chargerId: string;

beforeAll(async () => {
  t = await createTestDatabase({ max: 8 });
  tenantId = (await aTenant(t.db)).id;
  chargerId = (await t.db.charger.create({ data: { tenantId, identity: `RF-${Date.now()}` } })).id;
});
afterAll(async () => {
  await t.drop();
});

/** The offline gateway, with every refund request it receives written down. */
function aGateway(behaviour?: (input: RefundInput, n: number) => Promise<RefundResult> | undefined) {
  const inner = createTestGateway({ secret: 'refund-test-secret-0123456789' });
  const calls: RefundInput[] = [];
  const gateway: PaymentProvider = {
    ...inner,
    async refund(input) {
      calls.push(input);
      return (await behaviour?.(input, calls.length)) ?? inner.refund(input);
    },
  };
  return { gateway, calls };
}

async function aCapturedPayment(amountMinor = 50000) {
  const p = await t.db.payment.create({
    data: {
      tenantId,
      provider: 'TEST',
      amountMinor,
      providerOrderId: `test_order_${Math.random().toString(36).slice(2)}`,
      providerPaymentId: 'test_pay_1',
      status: 'CAPTURED',
      capturedMinor: amountMinor,
    },
  });
  return p;
}

async function aSession(
  paymentId: string,
  over: {
    status?: 'ACTIVE' | 'COMPLETED';
    costMinor?: number | null;
    taxMinor?: number | null;
    sponsorMinor?: number | null;
  },
) {
  return t.db.transaction.create({
    data: {
      tenantId,
      chargerId,
      evseId: 1,
      ocppTransactionId: `tx-${Math.random().toString(36).slice(2)}`,
      startedAt: new Date(),
      paymentId,
      status: over.status ?? 'COMPLETED',
      costMinor: over.costMinor ?? null,
      taxMinor: over.taxMinor ?? null,
      sponsorMinor: over.sponsorMinor ?? null,
    },
  });
}

const payment = (id: string) => t.db.payment.findUniqueOrThrow({ where: { id }, include: { refunds: true } });

describe('refundPayment', () => {
  it('refunds the unused prepaid amount (captured − cost − tax) once, however often it is called', async () => {
    const p = await aCapturedPayment(50000);
    await aSession(p.id, { costMinor: 30000, taxMinor: 5400 });
    const { gateway, calls } = aGateway();
    const first = await refundPayment({ db: t.db, tenantId, paymentId: p.id, gateway, reason: 'unused prepaid' });
    expect(first).toMatchObject({
      outcome: 'refunded',
      amountMinor: 14600,
      refundStatus: 'PROCESSED',
      status: 'PARTIALLY_REFUNDED',
    });
    expect(await refundPayment({ db: t.db, tenantId, paymentId: p.id, gateway })).toMatchObject({
      outcome: 'nothing-to-refund',
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      providerPaymentId: 'test_pay_1',
      amountMinor: 14600,
      idempotencyKey: first.outcome === 'refunded' ? first.refundId : '',
    });
    const row = await payment(p.id);
    expect(row).toMatchObject({ refundedMinor: 14600, capturedMinor: 50000, status: 'PARTIALLY_REFUNDED' });
    expect(row.refunds).toHaveLength(1);
  });

  it('a sponsor’s share is refunded to the driver too', async () => {
    const p = await aCapturedPayment(50000);
    await aSession(p.id, { costMinor: 30000, taxMinor: 5400, sponsorMinor: 10000 });
    const { gateway } = aGateway();
    expect(await refundPayment({ db: t.db, tenantId, paymentId: p.id, gateway })).toMatchObject({ amountMinor: 24600 });
  });

  it('refunds everything when the charger never started a session', async () => {
    const p = await aCapturedPayment(40000);
    const { gateway } = aGateway();
    expect(await refundPayment({ db: t.db, tenantId, paymentId: p.id, gateway })).toMatchObject({
      outcome: 'refunded',
      amountMinor: 40000,
      status: 'REFUNDED',
    });
  });

  it('will not guess while the session is still running', async () => {
    const p = await aCapturedPayment();
    await aSession(p.id, { status: 'ACTIVE' });
    const { gateway, calls } = aGateway();
    await expect(refundPayment({ db: t.db, tenantId, paymentId: p.id, gateway })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(calls).toHaveLength(0);
  });

  it('concurrent calls send one refund', async () => {
    const p = await aCapturedPayment(50000);
    const { gateway, calls } = aGateway();
    const results = await Promise.all(
      Array.from({ length: 4 }, () => refundPayment({ db: t.db, tenantId, paymentId: p.id, gateway })),
    );
    expect(calls).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'refunded')).toHaveLength(1);
    expect(await payment(p.id)).toMatchObject({ refundedMinor: 50000, status: 'REFUNDED' });
  });

  it('an unreachable gateway leaves the refund pending; a later call resends it under the same key', async () => {
    const p = await aCapturedPayment(50000);
    const { gateway, calls } = aGateway((_, n) =>
      n === 1
        ? Promise.reject(new PaymentError({ code: 'UPSTREAM', provider: 'test', message: 'timeout' }))
        : undefined,
    );
    let clock = Date.now();
    const now = () => new Date(clock);
    await expect(refundPayment({ db: t.db, tenantId, paymentId: p.id, gateway, now })).rejects.toMatchObject({
      code: 'UPSTREAM',
    });
    expect(await payment(p.id)).toMatchObject({ status: 'REFUND_PENDING', refundedMinor: 0 });
    expect(await refundPayment({ db: t.db, tenantId, paymentId: p.id, gateway, now })).toMatchObject({
      outcome: 'in-progress',
    });
    clock += 60_000;
    expect(await refundPayment({ db: t.db, tenantId, paymentId: p.id, gateway, now })).toMatchObject({
      outcome: 'refunded',
      amountMinor: 50000,
    });
    expect(calls.map((c) => c.idempotencyKey)).toEqual([calls[0]!.idempotencyKey, calls[0]!.idempotencyKey]);
    expect((await payment(p.id)).refunds).toHaveLength(1);
  });

  it('a refused refund is marked failed and the payment is captured again', async () => {
    const p = await aCapturedPayment(50000);
    const { gateway } = aGateway(() =>
      Promise.reject(
        new PaymentError({ code: 'REJECTED', provider: 'test', status: 400, message: 'refund window over' }),
      ),
    );
    const err = await refundPayment({ db: t.db, tenantId, paymentId: p.id, gateway }).catch((e: unknown) => e);
    expect(AppError.is(err) && err.code).toBe('PAYMENT_FAILED');
    const row = await payment(p.id);
    expect(row).toMatchObject({ status: 'CAPTURED', refundedMinor: 0 });
    expect(row.refunds.map((r) => r.status)).toEqual(['FAILED']);
  });

  it.each([
    ['the unused amount', {}, 50],
    ['an amount asked for', { amountMinor: 99 }, 99],
  ])('%s under the gateway’s minimum refund is neither sent nor recorded', async (_, ask, amountMinor) => {
    const p = await aCapturedPayment(50000);
    await aSession(p.id, { costMinor: 42330, taxMinor: 7620 });
    const { gateway, calls } = aGateway();
    expect(await refundPayment({ db: t.db, tenantId, paymentId: p.id, gateway, ...ask })).toEqual({
      outcome: 'below-minimum',
      amountMinor,
      minimumMinor: 100,
      status: 'CAPTURED',
    });
    expect(calls).toHaveLength(0);
    expect(await payment(p.id)).toMatchObject({ status: 'CAPTURED', refundedMinor: 0, refunds: [] });
  });

  it('a keyed refund the gateway declined is answered as declined again without asking the gateway', async () => {
    const p = await aCapturedPayment(50000);
    const { gateway, calls } = aGateway(() =>
      Promise.reject(
        new PaymentError({ code: 'REJECTED', provider: 'test', status: 400, message: 'refund window over' }),
      ),
    );
    const ask = () =>
      refundPayment({ db: t.db, tenantId, paymentId: p.id, gateway, idempotencyKey: 'settle:s1' }).catch(
        (e: unknown) => e,
      );
    const first = declinedRefundOf(await ask());
    const again = declinedRefundOf(await ask());
    expect(first).toEqual({
      refundId: expect.any(String),
      amountMinor: 50000,
      reason: expect.stringMatching(/window/),
    });
    expect(again).toMatchObject({ refundId: first!.refundId, amountMinor: 50000 });
    expect(calls).toHaveLength(1);
  });

  it('a webhook that settles the refund before the gateway’s answer is stored counts once', async () => {
    const p = await aCapturedPayment(50000);
    const { gateway } = aGateway(async (input) => {
      await recordPaymentEvent({
        db: t.db,
        tenantId,
        provider: 'TEST',
        event: anEvent({
          type: 'refund.processed',
          providerOrderId: p.providerOrderId,
          providerRefundId: 'rfnd_fast',
          refundReference: input.idempotencyKey,
          amountMinor: input.amountMinor,
        }),
      });
      return { providerRefundId: 'rfnd_fast', status: 'pending', amountMinor: input.amountMinor, raw: {} };
    });
    expect(await refundPayment({ db: t.db, tenantId, paymentId: p.id, gateway })).toMatchObject({
      refundStatus: 'PROCESSED',
      status: 'REFUNDED',
    });
    const row = await payment(p.id);
    expect(row.refundedMinor).toBe(50000);
    expect(row.refunds).toMatchObject([{ status: 'PROCESSED', providerRefundId: 'rfnd_fast' }]);
  });

  it('the same idempotency key twice refunds once; another key refunds what is left', async () => {
    const p = await aCapturedPayment(50000);
    const { gateway, calls } = aGateway();
    const a = await refundPayment({
      db: t.db,
      tenantId,
      paymentId: p.id,
      gateway,
      amountMinor: 10000,
      idempotencyKey: 'start-failed',
    });
    const b = await refundPayment({
      db: t.db,
      tenantId,
      paymentId: p.id,
      gateway,
      amountMinor: 10000,
      idempotencyKey: 'start-failed',
    });
    expect(b).toEqual(a);
    expect(calls).toHaveLength(1);
    await refundPayment({
      db: t.db,
      tenantId,
      paymentId: p.id,
      gateway,
      amountMinor: 90000,
      idempotencyKey: 'operator',
    });
    expect(await payment(p.id)).toMatchObject({ refundedMinor: 50000, status: 'REFUNDED' });
    expect(calls.map((c) => c.amountMinor)).toEqual([10000, 40000]);
  });

  it('nothing is refunded for a payment never captured, or of another tenant', async () => {
    const { gateway, calls } = aGateway();
    const fresh = await t.db.payment.create({ data: { tenantId, provider: 'TEST', amountMinor: 100 } });
    expect(await refundPayment({ db: t.db, tenantId, paymentId: fresh.id, gateway })).toMatchObject({
      outcome: 'nothing-to-refund',
    });
    const other = await aTenant(t.db);
    const p = await aCapturedPayment();
    await expect(refundPayment({ db: t.db, tenantId: other.id, paymentId: p.id, gateway })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(calls).toHaveLength(0);
  });
});
