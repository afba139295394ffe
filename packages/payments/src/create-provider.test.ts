import { describe, expect, it } from 'vitest';
import { createPaymentProvider } from './create-provider.ts';

describe('createPaymentProvider', () => {
  it.each([
    ['RAZORPAY', { provider: 'RAZORPAY', keyId: 'rzp_test_x', keySecret: 's', webhookSecret: 'w' }],
    [
      'PHONEPE',
      {
        provider: 'PHONEPE',
        clientId: 'c',
        clientSecret: 's',
        clientVersion: '1',
        webhookUsername: 'u',
        webhookPassword: 'p',
        environment: 'sandbox',
      },
    ],
    [
      'JUSPAY',
      {
        provider: 'JUSPAY',
        apiKey: 'k',
        merchantId: 'm',
        paymentPageClientId: 'm',
        webhookUsername: 'u',
        webhookPassword: 'p',
        environment: 'sandbox',
      },
    ],
    ['TEST', { provider: 'TEST', secret: 'a-test-secret-of-enough-length' }],
  ] as const)('builds the %s adapter', (name, config) => {
    expect(createPaymentProvider(config).name).toBe(name);
  });
});
