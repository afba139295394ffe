import { decodeProtectedHeader, jwtVerify } from 'jose';
import { z } from 'zod';
import type { Db } from '@magma/db';
import { ACCESS_TOKEN_AUDIENCE, SIGNING_ALG } from './constants.ts';
import { publicKeyFor } from './signing-keys.ts';

/** The claims of our access tokens (RFC 9068 profile, plus the tenant and vendor). */
export const accessTokenClaims = z.object({
  iss: z.string().max(300),
  sub: z.string().max(200),
  client_id: z.string().max(200),
  jti: z.string().max(100),
  iat: z.number().int(),
  exp: z.number().int(),
  scope: z.string().max(4000),
  tenant_id: z.uuid(),
  vendor_id: z.uuid().nullable().optional(),
});
export type AccessTokenClaims = z.infer<typeof accessTokenClaims>;

export const MAX_TOKEN_LENGTH = 4096;

/**
 * The claims of a JWT access token we signed that has not expired; null for anything else (bad
 * shape, unknown key, wrong algorithm or audience, bad signature, expired). Revocation and the
 * client's state are the callers' to check.
 */
export async function readAccessTokenClaims({
  db,
  token,
  now = new Date(),
}: {
  db: Db;
  token: string;
  now?: Date;
}): Promise<AccessTokenClaims | null> {
  if (!token || token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) return null;
  let kid: unknown;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== SIGNING_ALG) return null;
    kid = header.kid;
  } catch {
    return null;
  }
  if (typeof kid !== 'string' || kid.length > 100) return null;
  const key = await publicKeyFor({ db, kid });
  if (!key) return null;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [SIGNING_ALG],
      audience: ACCESS_TOKEN_AUDIENCE,
      typ: 'at+jwt',
      currentDate: now,
      clockTolerance: 5,
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
    });
    const parsed = accessTokenClaims.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
