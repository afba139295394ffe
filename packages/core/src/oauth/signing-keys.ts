import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';
import type { Db } from '@magma/db';
import { openSecrets, sealSecrets, sealedSchema } from '@magma/payments';
import { ACCESS_TOKEN_TTL_SECONDS, SIGNING_ALG, SIGNING_KEY_MAX_AGE_MS } from './constants.ts';
import type { OAuthKeyring } from './keyring.ts';

// Platform-wide ES256 keys. The newest unretired key signs; after SIGNING_KEY_MAX_AGE_MS (or an
// explicit rotation) a new key takes over and the old one is retired but stays in the JWKS until
// every token it signed has expired. Keys never change once written, so each process caches them.

const aad = (kid: string) => `oauth-signing-key:${kid}`;
const publicKeys = new Map<string, CryptoKey>();
const privateKeys = new Map<string, CryptoKey>();
const CACHE_MAX = 64;

function remember<V>(m: Map<string, V>, k: string, v: V) {
  if (m.size >= CACHE_MAX) m.delete(m.keys().next().value!);
  m.set(k, v);
}

const jwkSchema = z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string() }).loose();

/** A verification key by kid, or null when no such key was ever made. */
export async function publicKeyFor({ db, kid }: { db: Db; kid: string }): Promise<CryptoKey | null> {
  const cached = publicKeys.get(kid);
  if (cached) return cached;
  const row = await db.oAuthSigningKey.findUnique({ where: { kid }, select: { publicJwk: true, alg: true } });
  if (!row || row.alg !== SIGNING_ALG) return null;
  const key = (await importJWK(jwkSchema.parse(row.publicJwk) as JWK, SIGNING_ALG)) as CryptoKey;
  remember(publicKeys, kid, key);
  return key;
}

async function createKey(db: Db, keyring: OAuthKeyring, now: Date) {
  const kid = randomUUID();
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
  const sealed = sealSecrets(keyring, { jwk: JSON.stringify(await exportJWK(privateKey)) }, aad(kid));
  await db.oAuthSigningKey.create({
    data: { kid, alg: SIGNING_ALG, publicJwk, sealedPrivateJwk: sealed, createdAt: now },
  });
  remember(privateKeys, kid, privateKey);
  return { kid, key: privateKey };
}

/**
 * Makes a new signing key the active one and retires the others (they stay published until their
 * tokens expire). Serialised across processes with an advisory lock.
 */
export async function rotateSigningKey({
  db,
  keyring,
  now = new Date(),
}: {
  db: Db;
  keyring: OAuthKeyring;
  now?: Date;
}) {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('magma:oauth-signing-key'))`;
    await tx.oAuthSigningKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now } });
    return (await createKey(tx as unknown as Db, keyring, now)).kid;
  });
}

/** The key that signs now: the active one, or a new one when there is none or it is too old. */
export async function activeSigningKey({
  db,
  keyring,
  now = new Date(),
}: {
  db: Db;
  keyring: OAuthKeyring;
  now?: Date;
}): Promise<{ kid: string; key: CryptoKey }> {
  const fresh = (row: { createdAt: Date } | null) =>
    !!row && row.createdAt.getTime() > now.getTime() - SIGNING_KEY_MAX_AGE_MS;
  let row = await db.oAuthSigningKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: 'desc' } });
  if (!fresh(row)) {
    row = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('magma:oauth-signing-key'))`;
      const again = await tx.oAuthSigningKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: 'desc' } });
      if (fresh(again)) return again;
      await tx.oAuthSigningKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now } });
      const { kid } = await createKey(tx as unknown as Db, keyring, now);
      return tx.oAuthSigningKey.findUniqueOrThrow({ where: { kid } });
    });
  }
  const active = row!;
  const cached = privateKeys.get(active.kid);
  if (cached) return { kid: active.kid, key: cached };
  const { jwk } = openSecrets(keyring, sealedSchema.parse(active.sealedPrivateJwk), aad(active.kid));
  const key = (await importJWK(JSON.parse(jwk!) as JWK, SIGNING_ALG)) as CryptoKey;
  remember(privateKeys, active.kid, key);
  return { kid: active.kid, key };
}

/** The JWKS: every key that signs, or signed a token that has not expired yet. */
export async function publishedJwks({ db, now = new Date() }: { db: Db; now?: Date }) {
  // A minute of slack past the last token's expiry covers clock skew between processes.
  const floor = new Date(now.getTime() - (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000);
  const rows = await db.oAuthSigningKey.findMany({
    where: { OR: [{ retiredAt: null }, { retiredAt: { gt: floor } }] },
    orderBy: { createdAt: 'desc' },
    select: { publicJwk: true },
  });
  return { keys: rows.map((r) => r.publicJwk as Record<string, unknown>) };
}
