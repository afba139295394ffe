import type { Db } from '@magma/db';
import { authenticateClient, type ClientCredentials } from './authenticate-client.ts';
import { readAccessTokenClaims } from './access-token-claims.ts';

/**
 * RFC 7009 revocation: an authenticated client revokes an access token issued to it. Anything
 * else (unknown, expired, another client's token) is ignored: the endpoint answers 200 either way.
 */
export async function revokeToken({
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
}): Promise<void> {
  const caller = await authenticateClient({ db, credentials, tenantId, address, now });
  const claims = await readAccessTokenClaims({ db, token, now });
  if (!claims || claims.client_id !== caller.clientId) return;
  await db.revokedToken.upsert({
    where: { jti: claims.jti },
    create: { jti: claims.jti, expiresAt: new Date(claims.exp * 1000), revokedAt: now },
    update: {},
  });
  // Expired revocations are no longer needed: a few are dropped on each revocation.
  await db.$executeRaw`DELETE FROM "RevokedToken" WHERE "jti" IN (
    SELECT "jti" FROM "RevokedToken" WHERE "expiresAt" < ${new Date(now.getTime() - 3_600_000)} LIMIT 100)`;
}
