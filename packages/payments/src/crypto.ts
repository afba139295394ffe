import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Headers } from './types.ts';

export function hmacSha256(secret: string, data: string | Buffer, encoding: 'hex' | 'base64' = 'hex'): string {
  return createHmac('sha256', secret).update(data).digest(encoding);
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Constant-time string compare; unequal lengths are rejected without leaking where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

/** Node lower-cases incoming header names, but callers may pass a Fetch `Headers` copy. */
export function header(headers: Headers, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== wanted) continue;
    return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

export function bodyText(raw: string | Buffer): string {
  return typeof raw === 'string' ? raw : raw.toString('utf8');
}
