import { randomBytes } from 'node:crypto';

// Crockford base32 without I, L, O, U: short codes are typed by drivers from stickers.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newShortCode(length = 7): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 32];
  return out;
}
