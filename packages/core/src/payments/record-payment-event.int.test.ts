import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCapturablePayment, anEvent, aTenant } from './payments.fixtures.ts';
import { recordPaymentEvent } from './record-payment-event.ts';

let t: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  t = await createTestDatabase({ max: 8 });
  tenantId = (await aTenant(t.db)).id;
});
afterAll(async () => {
  await t.drop();
});

const record = (event: ReturnType<typeof anEvent>, tenant = tenantId) =>
  recordPaymentEvent({ db: t.db, tenantId: tenant, provider: 'RAZORPAY', event });

async function state(paymentId: string) {
  const p = await t.db.payment.findUniqueOrThrow({
    where: { id: paymentId },
    include: { refunds: true, events: true },
  });
  return {
    status: p.status,
    capturedMinor: p.capturedMinor,
    refundedMinor: p.refundedMinor,
    refunds: p.refunds.length,
    events: p.events.length,
  };
}

describe('recordPaymentEvent', () => {
  it('the same webhook twice changes nothing the second time', async () => {
    const p = await aCapturablePayment(t.db, { tenantId });
    const captured = anEvent({
      type: 'payment.captured',
      providerOrderId: p.providerOrderId,
      providerEventId: 'evt_same',
    });
    expect(await record(captured)).toMatchObject({ outcome: 'applied', status: 'CAPTURED' });
    const before = await t.db.payment.findUniqueOrThrow({ where: { id: p.id } });
    expect(await record(captured)).toEqual({ outcome: 'duplicate', paymentId: p.id });
    const after = await t.db.payment.findUniqueOrThrow({ where: { id: p.id } });
    expect(after).toEqual(before);
    expect(await state(p.id)).toMatchObject({ capturedMinor: 50000, events: 1 });
  });

  it('captured before authorized ends captured, with the gateway payment id', async () => {
    const p = await aCapturablePayment(t.db, { tenantId });
    await record(
      anEvent({ type: 'payment.captured', providerOrderId: p.providerOrderId, providerPaymentId: 'pay_ok' }),
    );
    await record(
      anEvent({ type: 'payment.authorized', providerOrderId: p.providerOrderId, providerPaymentId: 'pay_ok' }),
    );
    const row = await t.db.payment.findUniqueOrThrow({ where: { id: p.id } });
    expect(row).toMatchObject({ status: 'CAPTURED', capturedMinor: 50000, providerPaymentId: 'pay_ok' });
  });

  it('a late failure of an earlier attempt does not undo the capture', async () => {
    const p = await aCapturablePayment(t.db, { tenantId });
    await record(anEvent({ type: 'payment.captured', providerOrderId: p.providerOrderId, providerPaymentId: 'pay_2' }));
    await record(
      anEvent({
        type: 'payment.failed',
        providerOrderId: p.providerOrderId,
        providerPaymentId: 'pay_1',
        failureReason: 'OTP',
      }),
    );
    const row = await t.db.payment.findUniqueOrThrow({ where: { id: p.id } });
    expect(row).toMatchObject({ status: 'CAPTURED', providerPaymentId: 'pay_2', failureReason: null });
  });

  it('a refund seen before its capture ends partially refunded with both amounts right', async () => {
    const p = await aCapturablePayment(t.db, { tenantId });
    const refund = anEvent({
      type: 'refund.processed',
      providerOrderId: p.providerOrderId,
      providerRefundId: 'rfnd_1',
      amountMinor: 12000,
    });
    expect(await record(refund)).toMatchObject({ outcome: 'applied', status: 'PARTIALLY_REFUNDED' });
    await record(anEvent({ type: 'payment.captured', providerOrderId: p.providerOrderId }));
    await record(anEvent({ type: 'payment.authorized', providerOrderId: p.providerOrderId }));
    expect(await state(p.id)).toEqual({
      status: 'PARTIALLY_REFUNDED',
      capturedMinor: 50000,
      refundedMinor: 12000,
      refunds: 1,
      events: 3,
    });
  });

  it('the same refund reported under two event ids (created, then processed twice) counts once', async () => {
    const p = await aCapturablePayment(t.db, { tenantId });
    await record(anEvent({ type: 'payment.captured', providerOrderId: p.providerOrderId }));
    const base = { providerOrderId: p.providerOrderId, providerRefundId: 'rfnd_x', amountMinor: 50000 };
    await record(anEvent({ ...base, type: 'refund.processed' }));
    await record(anEvent({ ...base, type: 'refund.processed' }));
    await record(anEvent({ ...base, type: 'refund.created' }));
    expect(await state(p.id)).toMatchObject({ status: 'REFUNDED', refundedMinor: 50000, refunds: 1 });
  });

  it('two partial refunds accumulate to refunded', async () => {
    const p = await aCapturablePayment(t.db, { tenantId });
    await record(anEvent({ type: 'payment.captured', providerOrderId: p.providerOrderId }));
    await record(
      anEvent({
        type: 'refund.processed',
        providerOrderId: p.providerOrderId,
        providerRefundId: 'r1',
        amountMinor: 20000,
      }),
    );
    expect((await state(p.id)).status).toBe('PARTIALLY_REFUNDED');
    await record(
      anEvent({
        type: 'refund.processed',
        providerOrderId: p.providerOrderId,
        providerRefundId: 'r2',
        amountMinor: 30000,
      }),
    );
    expect(await state(p.id)).toMatchObject({ status: 'REFUNDED', refundedMinor: 50000, refunds: 2 });
  });

  it('concurrent deliveries of one capture count once', async () => {
    const p = await aCapturablePayment(t.db, { tenantId });
    const ev = anEvent({ type: 'payment.captured', providerOrderId: p.providerOrderId });
    const results = await Promise.all(Array.from({ length: 6 }, () => record(ev)));
    expect(results.filter((r) => r.outcome === 'applied')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(5);
    expect(await state(p.id)).toMatchObject({ status: 'CAPTURED', capturedMinor: 50000, events: 1 });
  });

  it('concurrent deliveries of one refund, under the same and under different event ids, count once', async () => {
    const p = await aCapturablePayment(t.db, { tenantId });
    await record(anEvent({ type: 'payment.captured', providerOrderId: p.providerOrderId }));
    const same = anEvent({
      type: 'refund.processed',
      providerOrderId: p.providerOrderId,
      providerRefundId: 'rfnd_c',
      amountMinor: 15000,
    });
    const other = { ...same, providerEventId: 'evt_other_delivery' };
    await Promise.all([record(same), record(same), record(other), record(same), record(other)]);
    expect(await state(p.id)).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refundedMinor: 15000,
      refunds: 1,
      events: 3,
    });
  });

  it('an event for an order not yet stored is kept and applied when it is delivered again', async () => {
    const p = await t.db.payment.create({ data: { tenantId, provider: 'RAZORPAY', amountMinor: 50000 } });
    const ev = anEvent({ type: 'payment.captured', providerOrderId: 'order_late', providerPaymentId: 'pay_late' });
    expect(await record(ev)).toEqual({ outcome: 'unmatched', paymentId: null });
    await t.db.payment.update({ where: { id: p.id }, data: { providerOrderId: 'order_late' } });
    expect(await record(ev)).toMatchObject({ outcome: 'applied', status: 'CAPTURED' });
    expect(await record(ev)).toMatchObject({ outcome: 'duplicate' });
    expect(await state(p.id)).toMatchObject({ capturedMinor: 50000, events: 1 });
  });

  it('another tenant’s event does not touch this tenant’s payment', async () => {
    const other = await aTenant(t.db);
    const p = await aCapturablePayment(t.db, { tenantId });
    const ev = anEvent({ type: 'payment.captured', providerOrderId: p.providerOrderId });
    expect(await record(ev, other.id)).toMatchObject({ outcome: 'unmatched' });
    expect(await state(p.id)).toMatchObject({ status: 'CREATED', capturedMinor: 0, events: 0 });
  });

  it('a failure of a fresh payment marks it failed with the reason', async () => {
    const p = await aCapturablePayment(t.db, { tenantId });
    await record(
      anEvent({
        type: 'payment.failed',
        providerOrderId: p.providerOrderId,
        failureReason: 'Payment failed due to incorrect OTP',
      }),
    );
    expect(await t.db.payment.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({
      status: 'FAILED',
      failureReason: 'Payment failed due to incorrect OTP',
    });
  });

  it('a refund first named by our key alone (Juspay without a refund id) takes the gateway id later, not a duplicate', async () => {
    const p = await aCapturablePayment(t.db, { tenantId });
    await record(anEvent({ type: 'payment.captured', providerOrderId: p.providerOrderId }));
    const ours = await t.db.refund.create({
      data: { paymentId: p.id, amountMinor: 5000, status: 'PENDING' },
    });
    await t.db.refund.update({ where: { id: ours.id }, data: { providerRefundId: ours.id } });
    await record(
      anEvent({
        type: 'refund.processed',
        providerOrderId: p.providerOrderId,
        providerRefundId: 'rfd_juspay_1',
        refundReference: ours.id,
        amountMinor: 5000,
      }),
    );
    const rows = await t.db.refund.findMany({ where: { paymentId: p.id } });
    expect(rows.map((r) => [r.id, r.providerRefundId, r.status, r.anomaly])).toEqual([
      [ours.id, 'rfd_juspay_1', 'PROCESSED', null],
    ]);
  });
});
