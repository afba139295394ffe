import type { Db } from '@magma/db';
import { readAccessTokenClaims, MAX_TOKEN_LENGTH } from './access-token-claims.ts';
import { PERSONAL_TOKEN_PREFIX, personalTokenHash } from './constants.ts';
import type { ApiPrincipal } from './principal.ts';

/**
 * The principal a bearer token acts as, or null when the token is not valid now: a JWT access
 * token we signed (not expired, not revoked, its client still enabled) or a personal API token
 * (not expired or revoked, its user still a member of the tenant). The role, vendor and scopes are
 * read from the client or membership as they are now, so disabling a client, narrowing its scopes
 * or changing a user's role applies to tokens already issued.
 *
 * The caller checks that `tenantId` is the tenant the request's host serves (on a tenant host).
 */
export async function verifyAccessToken({
  db,
  token,
  now = new Date(),
}: {
  db: Db;
  token: string;
  now?: Date;
}): Promise<ApiPrincipal | null> {
  if (typeof token !== 'string' || !token || token.length > MAX_TOKEN_LENGTH) return null;
  if (token.startsWith(PERSONAL_TOKEN_PREFIX)) return verifyPersonalToken(db, token, now);
  return verifyClientToken(db, token, now);
}

async function verifyClientToken(db: Db, token: string, now: Date): Promise<ApiPrincipal | null> {
  const claims = await readAccessTokenClaims({ db, token, now });
  if (!claims) return null;
  const [revoked, client] = await Promise.all([
    db.revokedToken.findUnique({ where: { jti: claims.jti }, select: { jti: true } }),
    db.apiClient.findUnique({
      where: { clientId: claims.client_id },
      select: { tenantId: true, vendorId: true, role: true, scopes: true, disabledAt: true },
    }),
  ]);
  if (revoked || !client || client.disabledAt || client.tenantId !== claims.tenant_id) return null;
  if ((claims.vendor_id ?? null) !== client.vendorId) return null;
  const allowed = new Set(client.scopes);
  return {
    kind: 'client',
    tenantId: client.tenantId,
    vendorId: client.role === 'VENDOR_USER' ? client.vendorId : null,
    role: client.role,
    clientId: claims.client_id,
    userId: null,
    scopes: claims.scope.split(' ').filter((s) => allowed.has(s)),
    tokenId: claims.jti,
  };
}

async function verifyPersonalToken(db: Db, token: string, now: Date): Promise<ApiPrincipal | null> {
  const row = await db.personalApiToken.findUnique({
    where: { tokenHash: personalTokenHash(token) },
    select: {
      id: true,
      tenantId: true,
      userId: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      user: { select: { memberships: { select: { tenantId: true, vendorId: true, role: true } } } },
    },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  const membership = row.user.memberships.find((m) => m.tenantId === row.tenantId);
  if (!membership) return null;
  if (membership.role === 'VENDOR_USER' && !membership.vendorId) return null;
  return {
    kind: 'personal',
    tenantId: row.tenantId,
    vendorId: membership.role === 'VENDOR_USER' ? membership.vendorId : null,
    role: membership.role,
    clientId: null,
    userId: row.userId,
    scopes: row.scopes,
    tokenId: row.id,
  };
}
