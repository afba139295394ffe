import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// A browser that signed in to an account gets a signed device cookie for that account. Its later
// attempts count apart from everyone else's (see SignInClient.device in @magma/core/users), so
// wrong passwords sent by others — who all share one address when no trusted proxy reports it —
// cannot hold its owner back (OWASP: "slow down online guessing attacks with device cookies").

export const DEVICE_COOKIE = 'magma-device';
const MAX_AGE_SECONDS = 180 * 24 * 3600;
const ID = /^[A-Za-z0-9_-]{22}$/;

const keyOf = (secret: string) => createHash('sha256').update(`magma-sign-in-device\0${secret}`).digest();
const normalize = (email: string) => email.trim().toLowerCase();
const mac = (secret: string, id: string, email: string) =>
  createHmac('sha256', keyOf(secret))
    .update(`${id}\0${normalize(email)}`)
    .digest('base64url');

/** The cookie's value for `email`: a new device id unless one is given, and its signature. */
export function deviceCookieValue(secret: string, email: string, id = randomBytes(16).toString('base64url')): string {
  return `${id}.${mac(secret, id, email)}`;
}

/** The device id when `value` was issued by us for `email`; null otherwise. */
export function trustedDevice(secret: string, email: string, value: string | undefined): string | null {
  if (!value || value.length > 100) return null;
  const [id, sig, ...rest] = value.split('.');
  if (!id || !sig || rest.length || !ID.test(id)) return null;
  const expected = Buffer.from(mac(secret, id, email));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

export function deviceSetCookie(value: string, secure: boolean): string {
  return `${DEVICE_COOKIE}=${value}; Path=/; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** Every cookie of a Cookie header, the first of each name (as the `cookie` package reads them). */
export function parseCookies(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}
