import type { PaymentAccountModel as PaymentAccount } from '@magma/db';

const SLUG: Record<PaymentAccount['provider'], string> = {
  RAZORPAY: 'razorpay',
  PHONEPE: 'phonepe',
  JUSPAY: 'juspay',
  TEST: 'test',
};

/** The path of an account's webhook on the tenant's host; the gateway's dashboard is given this URL. */
export function webhookPath(a: { provider: PaymentAccount['provider']; id: string }): string {
  return `/api/payments/${SLUG[a.provider]}/webhook/${a.id}`;
}

/** What the settings page may show of an account: never a secret, only its last four characters. */
export function paymentAccountView(a: PaymentAccount) {
  return {
    id: a.id,
    provider: a.provider,
    label: a.label,
    publicId: a.publicId,
    secretHint: `•••• ${a.secretLast4}`,
    keyId: a.kekId,
    environment: a.environment,
    isDefault: a.isDefault,
    siteId: a.siteId,
    lastTestedAt: a.lastTestedAt,
    lastTestOk: a.lastTestOk,
    lastTestMessage: a.lastTestMessage,
    webhookPath: webhookPath(a),
    createdAt: a.createdAt,
  };
}

export type PaymentAccountView = ReturnType<typeof paymentAccountView>;
