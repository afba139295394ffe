import { createHash, randomBytes } from 'node:crypto';
import { openSecrets, sealSecrets, sealedSchema, type CredentialKeyring, type Sealed } from '@magma/payments';
import { AppError } from '../errors/app-error.ts';

// OSCP tokens. The one the Capacity Provider presents to us is kept only as its SHA-256 (a token
// is 256 random bits, so a plain hash cannot be searched back); the one we present to it is sealed
// like the payment gateways' secrets, with the tenant id as associated data.

export type OscpSettings = {
  /** Null: tokens cannot be sealed or opened (no PAYMENT_CREDENTIALS_KEYS). */
  keyring: CredentialKeyring | null;
  /** Capacity Providers on private or loopback addresses (tests, your own network). */
  allowPrivateAddresses: boolean;
};

export const newOscpToken = () => randomBytes(32).toString('base64url');

export const hashOscpToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

const aadOf = (tenantId: string) => `oscp-token:${tenantId}`;

export function keyringOf(settings: OscpSettings): CredentialKeyring {
  if (!settings.keyring)
    throw new AppError('CONFLICT', 'Grid operator tokens cannot be stored: PAYMENT_CREDENTIALS_KEYS is not set');
  return settings.keyring;
}

export const sealOscpToken = (keyring: CredentialKeyring, tenantId: string, token: string): Sealed =>
  sealSecrets(keyring, { token }, aadOf(tenantId));

export function openOscpToken(keyring: CredentialKeyring, tenantId: string, sealed: unknown): string {
  const token = openSecrets(keyring, sealedSchema.parse(sealed), aadOf(tenantId)).token;
  if (!token) throw new Error('sealed OSCP token holds no token');
  return token;
}
