import { createHash } from 'node:crypto';
import { Prisma, type Db } from '@magma/db';

// Idempotency-Key on the POSTs that create or send (draft-ietf-httpapi-idempotency-key-header): the
// first request with a key claims it (one row per credential and key), its response is stored for
// 24 h and replayed to a retry with the same body; the same key with another body is a 422, and a
// retry while the first is still running is a 409.

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const MAX_STORED_BODY = 1_000_000;

export type StoredResponse = { status: number; body: string; contentType: string };

export type Claim =
  | { kind: 'claimed'; id: string }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in-flight' };

export function requestHash(parts: { method: string; path: string; body: string }): string {
  return createHash('sha256').update(`${parts.method} ${parts.path}\n${parts.body}`).digest('hex');
}

export function isValidIdempotencyKey(key: string): boolean {
  return key.length >= 1 && key.length <= 255 && /^[\x21-\x7e]+$/.test(key);
}

export async function claimIdempotencyKey({
  db,
  principal,
  key,
  hash,
  now = new Date(),
}: {
  db: Db;
  principal: string;
  key: string;
  hash: string;
  now?: Date;
}): Promise<Claim> {
  // A key whose 24 h have passed is free again.
  await db.apiIdempotencyKey.deleteMany({ where: { principal, key, expiresAt: { lte: now } } });
  try {
    const row = await db.apiIdempotencyKey.create({
      data: { principal, key, requestHash: hash, expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS) },
      select: { id: true },
    });
    return { kind: 'claimed', id: row.id };
  } catch (e) {
    if (!(e instanceof Prisma.PrismaClientKnownRequestError) || e.code !== 'P2002') throw e;
  }
  const existing = await db.apiIdempotencyKey.findUnique({ where: { principal_key: { principal, key } } });
  if (!existing) return { kind: 'in-flight' };
  if (existing.requestHash !== hash) return { kind: 'mismatch' };
  if (existing.status === null || existing.body === null) return { kind: 'in-flight' };
  return {
    kind: 'replay',
    response: { status: existing.status, body: existing.body, contentType: existing.contentType ?? 'application/json' },
  };
}

/** Stores the response of a claimed key; a response too large to keep releases the key instead. */
export async function completeIdempotencyKey({ db, id, response }: { db: Db; id: string; response: StoredResponse }) {
  if (response.body.length > MAX_STORED_BODY || response.status >= 500) {
    // A server error is not an answer worth replaying: the client may retry with the same key.
    await db.apiIdempotencyKey.deleteMany({ where: { id } });
    return;
  }
  await db.apiIdempotencyKey.update({
    where: { id },
    data: { status: response.status, body: response.body, contentType: response.contentType },
  });
}

export async function releaseIdempotencyKey({ db, id }: { db: Db; id: string }) {
  await db.apiIdempotencyKey.deleteMany({ where: { id } });
}
