import { describe, expect, it } from 'vitest';
import { createPaymentProvider, type PaymentProviderConfig } from './create-provider.ts';
import { PaymentError } from './errors.ts';
import { MIN_REFUND_MINOR } from './min-refund.ts';
import { useLocalServer } from './testing/use-local-server.ts';

// Each adapter's minimum refund as its gateway documents it, and a smaller refund refused before
// any request (the gateway would only refuse it). Every gateway points at a local server that
// records what reaches it.

const server = useLocalServer(() => ({ status: 500, json: { message: 'no request was expected' } }));

const configs = (): Record<string, PaymentProviderConfig> => ({
  RAZORPAY: { provider: 'RAZORPAY', keyId: 'rzp_test_min', keySecret: 's', webhookSecret: 'w', baseUrl: server.url },
  PHONEPE: {
    provider: 'PHONEPE',
    clientId: 'c',
    clientSecret: 's',
    clientVersion: '1',
    webhookUsername: 'u',
    webhookPassword: 'p',
    environment: 'sandbox',
    authBaseUrl: server.url,
    pgBaseUrl: server.url,
  },
  JUSPAY: {
    provider: 'JUSPAY',
    apiKey: 'k',
    merchantId: 'm',
    paymentPageClientId: 'm',
    webhookUsername: 'u',
    webhookPassword: 'p',
    environment: 'sandbox',
    baseUrl: server.url,
  },
  TEST: { provider: 'TEST', secret: 'a-test-secret-of-enough-length' },
});

describe('minimum refund', () => {
  it.each([
    // Razorpay's refund API page: "The amount must be at least INR 1.00".
    ['RAZORPAY', 100],
    // PhonePe's refund API: amount "Min Value = 100" paise.
    ['PHONEPE', 100],
    // Juspay's Refund Order API documents no minimum.
    ['JUSPAY', 1],
    // The offline gateway behaves as Razorpay and PhonePe do.
    ['TEST', 100],
  ] as const)('%s refunds no less than %i paise', async (name, min) => {
    const gateway = createPaymentProvider(configs()[name]!);
    expect(gateway.minRefundMinor).toBe(min);
    expect(MIN_REFUND_MINOR[name]).toBe(min);
    if (min === 1) return;
    const err = await gateway
      .refund({ providerPaymentId: 'pay_1', providerOrderId: 'order1', amountMinor: min - 1, idempotencyKey: 'k1' })
      .catch((e: unknown) => e);
    expect(PaymentError.is(err) && err.code).toBe('BAD_INPUT');
    expect((err as Error).message).toMatch(/under 1\.00: asked for 0\.99/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('refund idempotency key', () => {
  it.each(['RAZORPAY', 'PHONEPE', 'JUSPAY'] as const)(
    '%s refuses a key its gateway would not take as the de-duplication key, before any request',
    async (name) => {
      const gateway = createPaymentProvider(configs()[name]!);
      for (const idempotencyKey of ['short', 'has space in it', 'x'.repeat(64), 'semi;colon-key']) {
        const err = await gateway
          .refund({ providerPaymentId: 'pay_1', providerOrderId: 'order1', amountMinor: 500, idempotencyKey })
          .catch((e: unknown) => e);
        expect(PaymentError.is(err) && err.code).toBe('BAD_INPUT');
      }
      expect(server.requests).toHaveLength(0);
    },
  );
});
