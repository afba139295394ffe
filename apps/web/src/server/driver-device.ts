import { isSessionToken } from '@magma/core/driver';

// The driver's own sessions, remembered on the device that paid (or opened the session's link), so
// the sticker page can show "your session" with its live figures and Stop to that device and "in
// use" to everyone else. The cookie holds the unguessable session tokens themselves (the same
// credential as the /s/{token} URL), HttpOnly, SameSite=Lax, host-only: one tenant host never sees
// another's.

export const DEVICE_COOKIE = 'magma_driver_sessions';
/** The latest few sessions; an older token simply drops out. */
export const MAX_REMEMBERED = 4;
/** Long enough for a session and its receipt; the sessions outlive it on their /s/{token} URL. */
export const REMEMBER_SECONDS = 2 * 24 * 3600;

/** The valid tokens the cookie holds, most recent first (anything else in it is ignored). */
export function rememberedTokens(value: string | null | undefined): string[] {
  if (!value) return [];
  const out: string[] = [];
  for (const t of value.slice(0, 1024).split('.')) {
    if (isSessionToken(t) && !out.includes(t)) out.push(t);
    if (out.length === MAX_REMEMBERED) break;
  }
  return out;
}

/** The cookie's value from a Cookie request header. */
export function deviceCookieOf(cookieHeader: string | null): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === DEVICE_COOKIE) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The Set-Cookie header that adds `token` (first) to what this request's device remembers. */
export function rememberSessionCookie(req: Request, token: string, origin: string): string {
  const tokens = [token, ...rememberedTokens(deviceCookieOf(req.headers.get('cookie'))).filter((t) => t !== token)];
  const secure = origin.startsWith('https:') ? '; Secure' : '';
  return `${DEVICE_COOKIE}=${tokens.slice(0, MAX_REMEMBERED).join('.')}; Path=/; Max-Age=${REMEMBER_SECONDS}; HttpOnly; SameSite=Lax${secure}`;
}
