import { hmacSha256, safeEqual } from '../crypto.ts';

// Compact signed tokens for the test gateway's approval page: base64url(JSON).base64url(HMAC).

export function signToken(secret: string, payload: object): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const mac = Buffer.from(hmacSha256(secret, body), 'hex').toString('base64url');
  return `${body}.${mac}`;
}

export function readToken(secret: string, token: string): unknown {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return undefined;
  const expected = Buffer.from(hmacSha256(secret, body), 'hex').toString('base64url');
  if (!safeEqual(expected, mac)) return undefined;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
