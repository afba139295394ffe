import { z } from 'zod';
import { createJuspayProvider } from '../juspay/juspay-provider.ts';
import { createPhonePeProvider } from '../phonepe/phonepe-provider.ts';
import { createRazorpayProvider } from '../razorpay/razorpay-provider.ts';
import type { PaymentProvider } from '../types.ts';

// What an operator enters for each gateway. `publicId` is what identifies the account and may be
// shown again (Razorpay key id, PhonePe client id, Juspay merchant id); everything in `secrets` is
// sealed and never shown again except the last four characters of `primarySecret`.

const token = (name: string, max = 200) =>
  z
    .string()
    .trim()
    .min(1, `${name} is required`)
    .max(max, `${name} is at most ${max} characters`)
    .regex(/^[\x21-\x7e]+$/, `${name} has characters a gateway key never has`);

export const accountCredentialsSchema = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('RAZORPAY'),
    publicId: token('Key id', 64).regex(/^rzp_(test|live)_/, 'A Razorpay key id starts with rzp_test_ or rzp_live_'),
    secrets: z.object({ keySecret: token('Key secret'), webhookSecret: token('Webhook secret') }),
  }),
  z.object({
    provider: z.literal('PHONEPE'),
    publicId: token('Client id', 100),
    secrets: z.object({
      clientSecret: token('Client secret'),
      clientVersion: z
        .string()
        .trim()
        .regex(/^\d{1,4}$/, 'Client version is a number, as the dashboard shows it'),
      webhookUsername: token('Webhook username', 100),
      webhookPassword: token('Webhook password'),
    }),
  }),
  z.object({
    provider: z.literal('JUSPAY'),
    publicId: token('Merchant id', 100),
    secrets: z.object({
      apiKey: token('API key'),
      paymentPageClientId: token('Payment page client id', 100),
      webhookUsername: token('Webhook username', 100),
      webhookPassword: token('Webhook password'),
      responseKey: token('Response key').optional(),
    }),
  }),
]);

export type AccountCredentials = z.infer<typeof accountCredentialsSchema>;
export type AccountProviderName = AccountCredentials['provider'];

/** The secret whose last four characters identify the account on the settings page. */
export function primarySecret(c: AccountCredentials): string {
  switch (c.provider) {
    case 'RAZORPAY':
      return c.secrets.keySecret;
    case 'PHONEPE':
      return c.secrets.clientSecret;
    case 'JUSPAY':
      return c.secrets.apiKey;
  }
}

/** Where an account's calls go: the gateway's own hosts, or local servers in tests. */
export type GatewayEndpoints = {
  razorpay?: string;
  phonepe?: { auth: string; pg: string };
  juspay?: string;
};

export function accountProvider({
  credentials,
  environment,
  endpoints = {},
  merchantName,
}: {
  credentials: AccountCredentials;
  environment: 'sandbox' | 'production';
  endpoints?: GatewayEndpoints;
  merchantName?: string;
}): PaymentProvider {
  const c = credentials;
  switch (c.provider) {
    case 'RAZORPAY':
      return createRazorpayProvider({
        keyId: c.publicId,
        keySecret: c.secrets.keySecret,
        webhookSecret: c.secrets.webhookSecret,
        baseUrl: endpoints.razorpay,
        merchantName,
      });
    case 'PHONEPE':
      return createPhonePeProvider({
        clientId: c.publicId,
        ...c.secrets,
        environment,
        authBaseUrl: endpoints.phonepe?.auth,
        pgBaseUrl: endpoints.phonepe?.pg,
      });
    case 'JUSPAY':
      return createJuspayProvider({
        merchantId: c.publicId,
        apiKey: c.secrets.apiKey,
        paymentPageClientId: c.secrets.paymentPageClientId,
        responseKey: c.secrets.responseKey,
        webhookUsername: c.secrets.webhookUsername,
        webhookPassword: c.secrets.webhookPassword,
        environment,
        baseUrl: endpoints.juspay,
      });
  }
}
