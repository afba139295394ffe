import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { isSessionToken } from './session-token.ts';

// A driver's session is reached by its token (/s/{token}), which is stored only as a hash. The
// receipt email offers the session on any device through a separate, signed and expiring link,
// /s/open/{sessionId}.{expiry}.{mac}: the mac (HMAC-SHA256) binds the session, the tenant and the
// expiry, so a link cannot be forged, moved to another tenant's host or kept alive. Opening it
// hands the device the session's token, which is kept for that purpose sealed at rest (AES-256-GCM,
// the session id as associated data) together with the origin the driver paid on. Both keys are
// derived from one secret of the web app's configuration.

export type SessionLinkKeys = { sign: Buffer; seal: Buffer };

/** How long a receipt's link opens the session. */
export const SESSION_LINK_TTL_MS = 7 * 24 * 3_600_000;
/** How long the path a payment gateway sends the driver back to opens the session. */
export const RETURN_LINK_TTL_MS = 24 * 3_600_000;

export function sessionLinkKeys(secret: string): SessionLinkKeys {
  if (secret.length < 16) throw new Error('The driver session link secret must have at least 16 characters');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), info, 32));
  return { sign: derive('magma driver-session link v1'), seal: derive('magma driver-session seal v1') };
}

const aadOf = (sessionId: string) => Buffer.from(`driver-session:${sessionId}`, 'utf8');
const sealedContent = z.object({ t: z.string().refine(isSessionToken), o: z.url().max(300) });
const SEALED = /^v1\.([A-Za-z0-9_-]{40,1000})$/;

/** The session token and the origin (`https://host`) the driver used, sealed for this session only. */
export function sealSessionToken(
  keys: SessionLinkKeys,
  { sessionId, token, origin }: { sessionId: string; token: string; origin: string },
): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', keys.seal, iv);
  c.setAAD(aadOf(sessionId));
  const body = Buffer.concat([c.update(JSON.stringify({ t: token, o: origin }), 'utf8'), c.final()]);
  return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url')}`;
}

/** The sealed token and origin, or null when it does not open (another session's, another key, altered). */
export function openSessionToken(
  keys: SessionLinkKeys,
  { sessionId, sealed }: { sessionId: string; sealed: string },
): { token: string; origin: string } | null {
  const m = SEALED.exec(sealed);
  if (!m) return null;
  const packed = Buffer.from(m[1]!, 'base64url');
  if (packed.length < 29) return null;
  try {
    const d = createDecipheriv('aes-256-gcm', keys.seal, packed.subarray(0, 12));
    d.setAAD(aadOf(sessionId));
    d.setAuthTag(packed.subarray(12, 28));
    const plain = Buffer.concat([d.update(packed.subarray(28)), d.final()]).toString('utf8');
    const r = sealedContent.safeParse(JSON.parse(plain));
    return r.success ? { token: r.data.t, origin: r.data.o } : null;
  } catch {
    return null;
  }
}

const LINK = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/;

const macOf = (keys: SessionLinkKeys, tenantId: string, body: string) =>
  createHmac('sha256', keys.sign).update(`v1:${tenantId}:${body}`).digest();

/** `{sessionId}.{expiry, seconds in base 36}.{mac}`: URL-safe, no padding. */
export function signSessionLink(
  keys: SessionLinkKeys,
  { tenantId, sessionId, expiresAt }: { tenantId: string; sessionId: string; expiresAt: Date },
): string {
  const body = `${sessionId.toLowerCase()}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
  return `${body}.${macOf(keys, tenantId, body).toString('base64url')}`;
}

/** The session a link names at this tenant, or null: malformed, altered, another tenant's or expired. */
export function verifySessionLink(
  keys: SessionLinkKeys,
  { tenantId, link, now }: { tenantId: string; link: string; now: Date },
): string | null {
  const m = LINK.exec(link);
  if (!m) return null;
  const [, sessionId, exp, mac] = m as unknown as [string, string, string, string];
  const expected = macOf(keys, tenantId, `${sessionId}.${exp}`);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (parseInt(exp, 36) * 1000 <= now.getTime()) return null;
  return sessionId;
}

/**
 * The link of a session's emails (`{origin}/s/open/{link}`, valid SESSION_LINK_TTL_MS from `now`),
 * or null when the session's token was not sealed (then no email can offer it).
 */
export function sessionLinkUrl(
  keys: SessionLinkKeys,
  session: { id: string; tenantId: string; tokenSealed: string | null },
  now: Date,
): { url: string; expiresAt: Date } | null {
  if (!session.tokenSealed) return null;
  const opened = openSessionToken(keys, { sessionId: session.id, sealed: session.tokenSealed });
  if (!opened) return null;
  const expiresAt = new Date(now.getTime() + SESSION_LINK_TTL_MS);
  const link = signSessionLink(keys, { tenantId: session.tenantId, sessionId: session.id, expiresAt });
  return { url: `${opened.origin.replace(/\/+$/, '')}/s/open/${link}`, expiresAt };
}

/**
 * Opens a session link on this tenant's host: the session's token, for the device to keep. Every
 * failure (malformed, altered, expired, another tenant's, no sealed token) is the same NOT_FOUND.
 */
export async function openSessionLink({
  db,
  keys,
  tenantId,
  link,
  now = new Date(),
}: {
  db: Db;
  keys: SessionLinkKeys;
  tenantId: string;
  link: string;
  now?: Date;
}): Promise<{ token: string }> {
  const gone = () => new AppError('NOT_FOUND', 'This link has expired or is not valid');
  const sessionId =
    typeof link === 'string' && link.length <= 120 ? verifySessionLink(keys, { tenantId, link, now }) : null;
  if (!sessionId) throw gone();
  const session = await db.driverSession.findUnique({
    where: { id: sessionId },
    select: { id: true, tenantId: true, tokenSealed: true },
  });
  if (!session || session.tenantId !== tenantId || !session.tokenSealed) throw gone();
  const opened = openSessionToken(keys, { sessionId: session.id, sealed: session.tokenSealed });
  if (!opened) throw gone();
  return { token: opened.token };
}

/** What a new session stores so its emails can offer it (undefined: no keys, nothing stored). */
export function sealedTokenFor(
  keys: SessionLinkKeys | undefined,
  { sessionId, token, baseUrl }: { sessionId: string; token: string; baseUrl: string | undefined },
): string | undefined {
  if (!keys || !baseUrl) return undefined;
  let origin: string;
  try {
    origin = new URL(baseUrl).origin;
  } catch {
    return undefined;
  }
  return sealSessionToken(keys, { sessionId, token, origin });
}

/**
 * Where a payment gateway sends the driver back: the signed link when the session's token is
 * sealed, so the gateway (and the checkout we keep) never holds the token itself; else /s/{token}.
 */
export function sessionReturnPath(
  keys: SessionLinkKeys | undefined,
  {
    tenantId,
    sessionId,
    token,
    sealed,
    now,
  }: { tenantId: string; sessionId: string; token: string; sealed: string | undefined; now: Date },
): string {
  if (!keys || !sealed) return `/s/${token}`;
  const expiresAt = new Date(now.getTime() + RETURN_LINK_TTL_MS);
  return `/s/open/${signSessionLink(keys, { tenantId, sessionId, expiresAt })}`;
}
