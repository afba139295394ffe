import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Db } from '@magma/db';
import { claimRateLimitSlot, type RateLimit } from '../users/rate-limit.ts';
import { authenticateClient, type ClientCredentials } from './authenticate-client.ts';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_TTL_SECONDS, SIGNING_ALG } from './constants.ts';
import type { OAuthKeyring } from './keyring.ts';
import { oauthError } from './oauth-error.ts';
import { parseScopeParam } from './scopes.ts';
import { activeSigningKey } from './signing-keys.ts';

/** Token requests per client id (tokens last 15 minutes: a client needs a few an hour). */
export const TOKEN_CLIENT_LIMIT: RateLimit = { limit: 60, windowMs: 60_000 };

export type TokenResponse = {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
};

/**
 * The client credentials grant (RFC 6749 §4.4): authenticates the client, narrows its scopes to
 * the requested ones (`invalid_scope` for one it does not hold), and signs a short-lived JWT
 * access token (RFC 9068 profile) with the active key.
 */
export async function issueClientToken({
  db,
  keyring,
  issuer,
  tenantId,
  credentials,
  grantType,
  scope,
  address,
  now = new Date(),
}: {
  db: Db;
  keyring: OAuthKeyring;
  /** The tenant host's origin, e.g. https://charge.acme.in. */
  issuer: string;
  tenantId: string | null;
  credentials: ClientCredentials;
  grantType: string | undefined;
  scope: string | undefined;
  /** The client's address, for the limit on failed authentications. */
  address: string;
  now?: Date;
}): Promise<TokenResponse> {
  if (grantType !== 'client_credentials') {
    throw oauthError(
      grantType ? 'unsupported_grant_type' : 'invalid_request',
      grantType ? 'Only the client_credentials grant is supported' : 'grant_type is required',
    );
  }
  // Every request counts against its client id; failed authentications also count against the
  // address (see authenticateClient).
  const slot = await claimRateLimitSlot({
    db,
    key: `oauth-token:client:${credentials.clientId.slice(0, 100)}`,
    rule: TOKEN_CLIENT_LIMIT,
    now,
  });
  if (!slot.taken) throw oauthError('rate_limited', 'Too many token requests', { retryAt: slot.retryAt });
  const client = await authenticateClient({ db, credentials, tenantId, address, now });
  let scopes: string[] = client.scopes;
  if (scope !== undefined) {
    const requested = parseScopeParam(scope);
    if (!requested || !requested.length || requested.some((s) => !client.scopes.includes(s))) {
      throw oauthError('invalid_scope', 'The requested scope is unknown or exceeds what the client may hold');
    }
    scopes = requested;
  }
  const { kid, key } = await activeSigningKey({ db, keyring, now });
  const iat = Math.floor(now.getTime() / 1000);
  const accessToken = await new SignJWT({
    client_id: client.clientId,
    scope: scopes.join(' '),
    tenant_id: client.tenantId,
    vendor_id: client.vendorId,
  })
    .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setSubject(client.clientId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .setJti(randomUUID())
    .sign(key);
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    scope: scopes.join(' '),
  };
}
