import { createJuspayProvider, type JuspayConfig } from './juspay/juspay-provider.ts';
import { createPhonePeProvider, type PhonePeConfig } from './phonepe/phonepe-provider.ts';
import { createRazorpayProvider, type RazorpayConfig } from './razorpay/razorpay-provider.ts';
import { createTestGateway, type TestGatewayConfig } from './test-gateway/test-gateway.ts';
import type { PaymentProvider } from './types.ts';

export type PaymentProviderConfig =
  | ({ provider: 'RAZORPAY' } & RazorpayConfig)
  | ({ provider: 'PHONEPE' } & PhonePeConfig)
  | ({ provider: 'JUSPAY' } & JuspayConfig)
  | ({ provider: 'TEST' } & TestGatewayConfig);

/** One entry point for the app's wiring: the config comes from env.ts (or a tenant's settings). */
export function createPaymentProvider(config: PaymentProviderConfig): PaymentProvider {
  switch (config.provider) {
    case 'RAZORPAY':
      return createRazorpayProvider(config);
    case 'PHONEPE':
      return createPhonePeProvider(config);
    case 'JUSPAY':
      return createJuspayProvider(config);
    case 'TEST':
      return createTestGateway(config);
  }
}
