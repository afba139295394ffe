import type { Db } from '@magma/db';
import { authenticateClient, type ClientCredentials } from './authenticate-client.ts';
import { readAccessTokenClaims } from './access-token-claims.ts';
import { ACCESS_TOKEN_AUDIENCE } from './constants.ts';
import { verifyAccessToken } from './verify-access-token.ts';

export type IntrospectionResponse =
  | { active: false }
  | {
      active: true;
      scope: string;
      client_id?: string;
      sub: string;
      token_type: 'Bearer';
      exp?: number;
      iat?: number;
      iss?: string;
      aud?: string;
      jti: string;
      tenant_id: string;
      vendor_id: string | null;
      role: string;
    };

/**
 * RFC 7662 introspection for an authenticated client of the same tenant: `active: false` for
 * anything not valid now (unknown, expired, revoked, disabled client, another tenant's token).
 */
export async function introspectToken({
  db,
  credentials,
  tenantId,
  token,
  address,
  now = new Date(),
}: {
  db: Db;
  credentials: ClientCredentials;
  tenantId: string | null;
  token: string;
  address: string;
  now?: Date;
}): Promise<IntrospectionResponse> {
  const caller = await authenticateClient({ db, credentials, tenantId, address, now });
  const principal = await verifyAccessToken({ db, token, now });
  if (!principal || principal.tenantId !== caller.tenantId) return { active: false };
  const base = {
    active: true as const,
    scope: principal.scopes.join(' '),
    token_type: 'Bearer' as const,
    jti: principal.tokenId,
    tenant_id: principal.tenantId,
    vendor_id: principal.vendorId,
    role: principal.role,
  };
  if (principal.kind === 'personal') return { ...base, sub: principal.userId! };
  const claims = await readAccessTokenClaims({ db, token, now });
  if (!claims) return { active: false };
  return {
    ...base,
    client_id: claims.client_id,
    sub: claims.sub,
    exp: claims.exp,
    iat: claims.iat,
    iss: claims.iss,
    aud: ACCESS_TOKEN_AUDIENCE,
  };
}
