import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FileStore } from './file-store.ts';

// Time-limited links for chargers: a firmware image to download, a log to upload. The path carries
// the row id, the expiry (Unix seconds) and an HMAC-SHA256 of both under the server's link key, so
// the web app serves them without a session and a changed id or expiry, or a late one, is refused.
// Everything sits in the path (no query): 1.6 chargers often append a file name to the location.

export type ChargerFileSettings = {
  store: FileStore;
  /** At least 32 bytes, the same in every web instance. */
  linkKey: Buffer;
};

export type LinkPurpose = 'firmware' | 'log';

const PATH = { firmware: '/api/firmware', log: '/api/charger-logs' } as const;

function mac(key: Buffer, purpose: LinkPurpose, id: string, exp: number): string {
  return createHmac('sha256', key).update(`${purpose}:${id}:${exp}`).digest('base64url').slice(0, 32);
}

/** `${origin}/api/firmware/{id}/{exp}/{sig}/{fileName}` (or /api/charger-logs/…), valid until expiresAt. */
export function signedLink({
  key,
  purpose,
  origin,
  id,
  expiresAt,
  fileName,
}: {
  key: Buffer;
  purpose: LinkPurpose;
  origin: string;
  id: string;
  expiresAt: Date;
  fileName?: string;
}): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  const tail = fileName ? `/${encodeURIComponent(fileName)}` : '';
  return `${origin.replace(/\/+$/, '')}${PATH[purpose]}/${id}/${exp}/${mac(key, purpose, id, exp)}${tail}`;
}

export type LinkCheck = { ok: true } | { ok: false; reason: 'expired' | 'forged' };

/** Checks the id, expiry and signature segments of a link against the key and the clock. */
export function checkLink({
  key,
  purpose,
  id,
  exp,
  sig,
  now = new Date(),
}: {
  key: Buffer;
  purpose: LinkPurpose;
  id: string;
  exp: string;
  sig: string;
  now?: Date;
}): LinkCheck {
  if (!/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{32}$/.test(sig)) return { ok: false, reason: 'forged' };
  const expected = Buffer.from(mac(key, purpose, id, Number(exp)));
  if (!timingSafeEqual(expected, Buffer.from(sig))) return { ok: false, reason: 'forged' };
  if (Number(exp) * 1000 < now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true };
}
