import { createHash } from 'node:crypto';

/** Access tokens live 15 minutes: short enough that revocation is rarely needed. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** The `aud` of every access token: the REST API, whichever host serves it. */
export const ACCESS_TOKEN_AUDIENCE = 'urn:magma:api';
export const SIGNING_ALG = 'ES256';
/** A signing key signs for 30 days, then a new one takes over (the old one stays in the JWKS a while). */
export const SIGNING_KEY_MAX_AGE_MS = 30 * 24 * 3_600_000;
/** A rotated secret keeps working this long by default, so deployments can switch over. */
export const DEFAULT_SECRET_OVERLAP_MS = 24 * 3_600_000;

export const CLIENT_ID_PREFIX = 'mgc_';
export const CLIENT_SECRET_PREFIX = 'mgs_';
export const PERSONAL_TOKEN_PREFIX = 'mgp_';

/** Personal tokens carry 256 random bits, so a fast hash is enough to look them up and store them. */
export function personalTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
