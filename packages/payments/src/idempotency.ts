import { PaymentError } from './errors.ts';

// One rule for every gateway's refund de-duplication key: Razorpay asks for at least 10 characters
// of letters, digits, hyphens and underscores (X-Refund-Idempotency), PhonePe for at most 63 of the
// same (merchantRefundId); Juspay's unique_request_id takes both. Core sends the Refund row id (a UUID).
const KEY = /^[A-Za-z0-9_-]{10,63}$/;

export function assertIdempotencyKey(provider: string, key: string): void {
  if (!KEY.test(key)) {
    throw new PaymentError({
      code: 'BAD_INPUT',
      provider,
      message: `${provider} refund idempotency key must be 10 to 63 letters, digits, hyphens or underscores`,
    });
  }
}
