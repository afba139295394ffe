import type { Db } from '@magma/db';
import { hashSecret, verifySecret } from '../auth/password.ts';
import { claimRateLimitSlot, releaseRateLimitSlot, type RateLimit } from '../users/rate-limit.ts';
import { oauthError } from './oauth-error.ts';

export type ClientCredentials = { clientId: string; clientSecret: string };

/** Failed client authentications per address, across client ids and endpoints (secret guessing). */
export const CLIENT_AUTH_ADDRESS_LIMIT: RateLimit = { limit: 100, windowMs: 60_000 };

// Run for an unknown client id too, so a wrong id takes as long as a wrong secret.
let dummyHash: Promise<string> | undefined;

/**
 * The enabled client these credentials name, or `invalid_client`. The secret matches the current
 * hash, or the previous one until its overlap window ends. `tenantId` (the tenant the request's
 * host serves) refuses another tenant's client; null (the platform or API host) accepts any.
 */
export async function authenticateClient({
  db,
  credentials,
  tenantId,
  address,
  now = new Date(),
}: {
  db: Db;
  credentials: ClientCredentials;
  tenantId: string | null;
  /** The caller's address: only failures count against it (a success gives its slot back). */
  address: string;
  now?: Date;
}) {
  const key = `oauth-client-auth:${address}`;
  const slot = await claimRateLimitSlot({ db, key, rule: CLIENT_AUTH_ADDRESS_LIMIT, now });
  if (!slot.taken)
    throw oauthError('rate_limited', 'Too many failed client authentications', { retryAt: slot.retryAt });
  const client = await checkClient(db, credentials, tenantId, now);
  await releaseRateLimitSlot({ db, key });
  return client;
}

async function checkClient(db: Db, credentials: ClientCredentials, tenantId: string | null, now: Date) {
  const { clientId, clientSecret } = credentials;
  const client = clientId.length <= 100 ? await db.apiClient.findUnique({ where: { clientId } }) : null;
  if (!client) {
    await verifySecret(clientSecret, await (dummyHash ??= hashSecret('not-a-client-secret')));
    throw oauthError('invalid_client', 'Client authentication failed');
  }
  let ok = await verifySecret(clientSecret, client.secretHash);
  if (!ok && client.previousSecretHash && client.previousSecretValidUntil && client.previousSecretValidUntil > now) {
    ok = await verifySecret(clientSecret, client.previousSecretHash);
  }
  if (!ok || client.disabledAt || (tenantId !== null && client.tenantId !== tenantId)) {
    throw oauthError('invalid_client', 'Client authentication failed');
  }
  return client;
}
