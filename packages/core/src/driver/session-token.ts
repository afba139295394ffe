import { createHash, randomBytes, randomInt } from 'node:crypto';

// The driver's session URL (/s/{token}) is the only credential of a walk-up session: 32 random
// bytes, stored as a sha256. The page that offers "Pay" mints the token, so pressing Pay twice
// (or retrying after a network error) names the same session instead of creating a second one.

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isSessionToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// OCPP 1.6 idTag is CiString20: "APP" + 17 Crockford base32 characters (85 bits).
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newAppIdTag(): string {
  let out = 'APP';
  for (const b of randomBytes(17)) out += ALPHABET[b % 32];
  return out;
}

export function newRemoteStartId(): number {
  return randomInt(1, 2 ** 31 - 1);
}
