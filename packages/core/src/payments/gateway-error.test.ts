import { PaymentError } from '@magma/payments';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { gatewayError } from './gateway-error.ts';
import { refundIdFor } from './refund-payment.ts';

describe('gatewayError', () => {
  it.each([
    ['REJECTED', 'PAYMENT_FAILED'],
    ['BAD_INPUT', 'PAYMENT_FAILED'],
    ['UPSTREAM', 'UPSTREAM'],
    ['BAD_RESPONSE', 'UPSTREAM'],
    ['NOT_FOUND', 'UPSTREAM'],
  ] as const)('a gateway %s becomes %s', (code, expected) => {
    const e = gatewayError(new PaymentError({ code, provider: 'razorpay', message: 'x' }), 'Refund failed');
    expect(e.code).toBe(expected);
    expect(e.message).toContain('Refund failed');
  });

  it('keeps an AppError and turns a RangeError into BAD_INPUT', () => {
    const app = new AppError('CONFLICT', 'busy');
    expect(gatewayError(app, 'x')).toBe(app);
    expect(gatewayError(new RangeError('amountMinor must be…'), 'x').code).toBe('BAD_INPUT');
  });
});

describe('refundIdFor', () => {
  it('is a stable UUID per payment and key, different across keys and payments', () => {
    const p = '0b6f8c6e-8d1c-4a0e-9b9c-1f2b3c4d5e6f';
    const a = refundIdFor(p, 'start-failed');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(refundIdFor(p, 'start-failed')).toBe(a);
    expect(refundIdFor(p, 'operator')).not.toBe(a);
    expect(refundIdFor('1b6f8c6e-8d1c-4a0e-9b9c-1f2b3c4d5e6f', 'start-failed')).not.toBe(a);
  });
});
