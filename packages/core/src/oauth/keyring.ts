import { hkdfSync } from 'node:crypto';
import { parseCredentialKeys, type CredentialKeyring } from '@magma/payments';

// The private signing keys are sealed at rest with the same envelope as gateway secrets
// (AES-256-GCM data key wrapped by a key-encryption key). OAUTH_KEYS uses PAYMENT_CREDENTIALS_KEYS'
// form (`id:base64key[,…]`, the first seals); without it the key is derived from the app's own
// secret (NEXTAUTH_SECRET), so a fresh deployment signs tokens with nothing more to configure.

export type OAuthKeyring = CredentialKeyring;

export function oauthKeyring({ keys, fallbackSecret }: { keys?: string; fallbackSecret: string }): OAuthKeyring {
  if (keys) {
    try {
      return parseCredentialKeys(keys);
    } catch (err) {
      throw new Error((err as Error).message.replaceAll('PAYMENT_CREDENTIALS_KEYS', 'OAUTH_KEYS'));
    }
  }
  const key = Buffer.from(hkdfSync('sha256', fallbackSecret, 'magma-oauth', 'oauth-signing-keys', 32));
  const k = { id: 'derived', key };
  return { current: k, byId: new Map([[k.id, k]]) };
}
