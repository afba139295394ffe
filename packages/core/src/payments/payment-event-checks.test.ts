import { describe, expect, it } from 'vitest';
import { rejectionOf } from './payment-event-checks.ts';

const order = { amountMinor: 10000, currency: 'INR', capturedMinor: 0 };
const captured = { ...order, capturedMinor: 10000 };
const ours = { id: 'r1', status: 'PENDING', amountMinor: 6000 };

describe('rejectionOf', () => {
  it.each([
    ['exact capture', order, { type: 'payment.captured', amountMinor: 10000, currency: 'INR' }, [], null, null],
    ['lower-case currency', order, { type: 'payment.captured', amountMinor: 10000, currency: 'inr' }, [], null, null],
    [
      '1-paise capture',
      order,
      { type: 'payment.captured', amountMinor: 1, currency: 'INR' },
      [],
      null,
      'captured INR 0.01 on an order of INR 100.00',
    ],
    [
      'larger capture',
      order,
      { type: 'payment.captured', amountMinor: 10001, currency: 'INR' },
      [],
      null,
      'captured INR 100.01 on an order of INR 100.00',
    ],
    [
      'authorization of another amount',
      order,
      { type: 'payment.authorized', amountMinor: 500, currency: 'INR' },
      [],
      null,
      'authorized INR 5.00 on an order of INR 100.00',
    ],
    [
      'capture in USD',
      order,
      { type: 'payment.captured', amountMinor: 10000, currency: 'USD' },
      [],
      null,
      "currency USD is not the order's INR",
    ],
    [
      'failure in USD',
      order,
      { type: 'payment.failed', amountMinor: 10000, currency: 'USD' },
      [],
      null,
      "currency USD is not the order's INR",
    ],
    ['failure of another amount', order, { type: 'payment.failed', amountMinor: 3, currency: 'INR' }, [], null, null],
    [
      'fractional amount',
      order,
      { type: 'payment.captured', amountMinor: 99.5, currency: 'INR' },
      [],
      null,
      'amount 99.5 is not whole minor units',
    ],
    [
      'refund within capture',
      captured,
      { type: 'refund.processed', amountMinor: 4000, currency: 'INR' },
      [ours],
      null,
      null,
    ],
    [
      'refund to the paisa',
      captured,
      { type: 'refund.processed', amountMinor: 4000, currency: 'INR' },
      [ours],
      null,
      null,
    ],
    [
      'refund one paisa over',
      captured,
      { type: 'refund.created', amountMinor: 4001, currency: 'INR' },
      [ours],
      null,
      'refund of INR 40.01 with INR 60.00 already refunded exceeds the INR 100.00 paid',
    ],
    [
      'our own refund updated',
      captured,
      { type: 'refund.processed', amountMinor: 6000, currency: 'INR' },
      [ours],
      'r1',
      null,
    ],
    [
      'a failed refund does not count',
      captured,
      { type: 'refund.processed', amountMinor: 10000, currency: 'INR' },
      [{ ...ours, status: 'FAILED' }],
      null,
      null,
    ],
    [
      '5x refund',
      captured,
      { type: 'refund.processed', amountMinor: 50000, currency: 'INR' },
      [],
      null,
      'refund of INR 500.00 with INR 0.00 already refunded exceeds the INR 100.00 paid',
    ],
    [
      'refund before capture, bounded by the order',
      order,
      { type: 'refund.processed', amountMinor: 10000, currency: 'INR' },
      [],
      null,
      null,
    ],
    [
      'negative refund',
      captured,
      { type: 'refund.processed', amountMinor: -100, currency: 'INR' },
      [],
      null,
      'refund of INR -1.00 is not a positive amount',
    ],
    [
      'zero refund',
      captured,
      { type: 'refund.failed', amountMinor: 0, currency: 'INR' },
      [],
      null,
      'refund of INR 0.00 is not a positive amount',
    ],
    [
      'refund in USD',
      captured,
      { type: 'refund.processed', amountMinor: 100, currency: 'USD' },
      [],
      null,
      "currency USD is not the order's INR",
    ],
  ] as const)('%s', (_name, payment, event, refunds, rowId, expected) => {
    expect(rejectionOf(payment, event, refunds, rowId)).toBe(expected);
  });
});
