import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { openSecrets, sealSecrets, sealedSchema, type CredentialKeyring, type Sealed } from '@magma/payments';

// Endpoint secrets in the Standard Webhooks form (`whsec_` + base64 of 24 random bytes), sealed at
// rest with the same envelope and keys (PAYMENT_CREDENTIALS_KEYS) as operators' gateway secrets;
// the endpoint's id is the associated data, so a sealed secret copied to another row does not open.

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

const aadOf = (endpointId: string) => `webhook-endpoint:${endpointId}`;

export const sealWebhookSecret = (keyring: CredentialKeyring, endpointId: string, secret: string): Sealed =>
  sealSecrets(keyring, { secret }, aadOf(endpointId));

export function openWebhookSecret(keyring: CredentialKeyring, endpointId: string, sealed: unknown): string {
  const secret = openSecrets(keyring, sealedSchema.parse(sealed), aadOf(endpointId)).secret;
  if (!secret) throw new Error('sealed webhook secret holds no secret');
  return secret;
}

/**
 * The three Standard Webhooks headers. With several secrets (a rotation's overlap) the signature
 * header carries one `v1,<sig>` per secret, space-separated: a receiver with either verifies.
 */
export function signatureHeaders({
  messageId,
  timestamp,
  body,
  secrets,
}: {
  messageId: string;
  timestamp: Date;
  body: string;
  secrets: readonly string[];
}): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => new Webhook(s).sign(messageId, timestamp, body)).join(' '),
  };
}
