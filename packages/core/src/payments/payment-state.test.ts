import { describe, expect, it } from 'vitest';
import { applySignal, nextRefundStatus, type PaymentSignal, type PaymentSnapshot } from './payment-state.ts';

const none = { refundedMinor: 0, pendingMinor: 0 };
const aPayment = (over: Partial<PaymentSnapshot> = {}): PaymentSnapshot => ({
  status: 'CREATED',
  amountMinor: 50000,
  capturedMinor: 0,
  ...over,
});

function run(signals: PaymentSignal[], refunds = none) {
  let p = aPayment();
  for (const s of signals) {
    const u = applySignal(p, s, 50000, refunds);
    p = { ...p, status: u.status, capturedMinor: u.capturedMinor };
  }
  return p;
}

describe('payment state machine', () => {
  it.each<[PaymentSignal[], string, number]>([
    [['authorized', 'captured'], 'CAPTURED', 50000],
    [['captured', 'authorized'], 'CAPTURED', 50000],
    [['captured', 'captured'], 'CAPTURED', 50000],
    [['failed', 'authorized', 'captured'], 'CAPTURED', 50000],
    [['captured', 'failed'], 'CAPTURED', 50000],
    [['authorized', 'failed'], 'AUTHORIZED', 0],
    [['failed'], 'FAILED', 0],
    [['failed', 'failed'], 'FAILED', 0],
  ])('%j ends %s with %i captured', (signals, status, captured) => {
    expect(run(signals)).toMatchObject({ status, capturedMinor: captured });
  });

  it.each([
    [{ refundedMinor: 12000, pendingMinor: 0 }, 'PARTIALLY_REFUNDED'],
    [{ refundedMinor: 50000, pendingMinor: 0 }, 'REFUNDED'],
    [{ refundedMinor: 0, pendingMinor: 12000 }, 'REFUND_PENDING'],
    [{ refundedMinor: 12000, pendingMinor: 38000 }, 'PARTIALLY_REFUNDED'],
  ])('a captured payment with refunds %j is %s', (refunds, status) => {
    expect(applySignal(aPayment({ status: 'CAPTURED', capturedMinor: 50000 }), null, 0, refunds).status).toBe(status);
  });

  it('a refund seen before its capture counts against the order amount, and the capture keeps it', () => {
    const refunds = { refundedMinor: 12000, pendingMinor: 0 };
    const afterRefund = applySignal(aPayment(), 'refund', 12000, refunds);
    expect(afterRefund).toEqual({ status: 'PARTIALLY_REFUNDED', capturedMinor: 0, refundedMinor: 12000 });
    const afterCapture = applySignal({ ...aPayment(), ...afterRefund }, 'captured', 50000, refunds);
    expect(afterCapture).toEqual({ status: 'PARTIALLY_REFUNDED', capturedMinor: 50000, refundedMinor: 12000 });
  });

  it('a capture after a full refund leaves it refunded', () => {
    const refunds = { refundedMinor: 50000, pendingMinor: 0 };
    const u = applySignal(aPayment({ status: 'REFUNDED' }), 'captured', 50000, refunds);
    expect(u.status).toBe('REFUNDED');
  });

  it.each([
    [null, 'PENDING', 'PENDING'],
    ['PENDING', 'PROCESSED', 'PROCESSED'],
    ['PROCESSED', 'PENDING', 'PROCESSED'],
    ['PROCESSED', 'FAILED', 'PROCESSED'],
    ['FAILED', 'PENDING', 'FAILED'],
    ['PENDING', 'FAILED', 'FAILED'],
  ] as const)('refund row %s + %s → %s', (current, incoming, expected) => {
    expect(nextRefundStatus(current, incoming)).toBe(expected);
  });
});
