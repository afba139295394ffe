import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';

// Envelope encryption of a gateway account's secrets. Each secret set gets its own random 256-bit
// data key (AES-256-GCM); the data key is wrapped by a key-encryption key (KEK) named by id. The
// KEKs come from PAYMENT_CREDENTIALS_KEYS; the first one encrypts, the others only decrypt, so a
// rotation adds a new key in front, re-wraps every data key (the secrets' ciphertext is untouched),
// then drops the old key. Both layers carry `aad` (the tenant and account ids) as associated data,
// so a sealed value copied onto another account's row does not open.

export type CredentialKey = { id: string; key: Buffer };

export type CredentialKeyring = {
  /** The key that seals; the first listed. */
  current: CredentialKey;
  byId: ReadonlyMap<string, CredentialKey>;
};

export type Sealed = {
  v: 1;
  kekId: string;
  /** base64: the data key under the KEK (iv 12 bytes ‖ tag 16 bytes ‖ 32 bytes). */
  wrappedKey: string;
  /** base64: the secrets under the data key (iv 12 bytes ‖ tag 16 bytes ‖ ciphertext). */
  box: string;
};

export const sealedSchema = z.object({
  v: z.literal(1),
  kekId: z.string().min(1).max(64),
  wrappedKey: z.string().min(1).max(200),
  box: z.string().min(1).max(20_000),
});

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Parses `id:base64key[,id:base64key…]` (each key 32 bytes, e.g. `openssl rand -base64 32`).
 * Throws with a message naming the entry at fault, never the key itself.
 */
export function parseCredentialKeys(spec: string): CredentialKeyring {
  const entries = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!entries.length) throw new Error('PAYMENT_CREDENTIALS_KEYS holds no key');
  const byId = new Map<string, CredentialKey>();
  const keys: CredentialKey[] = [];
  for (const [i, entry] of entries.entries()) {
    const at = entry.indexOf(':');
    const id = at > 0 ? entry.slice(0, at) : '';
    if (!KEY_ID.test(id)) throw new Error(`PAYMENT_CREDENTIALS_KEYS entry ${i + 1}: expected id:base64key`);
    const key = Buffer.from(entry.slice(at + 1), 'base64');
    if (key.length !== 32) throw new Error(`PAYMENT_CREDENTIALS_KEYS key "${id}" must be 32 bytes of base64`);
    if (byId.has(id)) throw new Error(`PAYMENT_CREDENTIALS_KEYS names "${id}" twice`);
    const k = { id, key };
    byId.set(id, k);
    keys.push(k);
  }
  return { current: keys[0]!, byId };
}

function encrypt(key: Buffer, plain: Buffer, aad: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

function decrypt(key: Buffer, packed: Buffer, aad: string): Buffer {
  if (packed.length < 28) throw new Error('sealed value is truncated');
  const d = createDecipheriv('aes-256-gcm', key, packed.subarray(0, 12));
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(packed.subarray(12, 28));
  return Buffer.concat([d.update(packed.subarray(28)), d.final()]);
}

function kekOf(ring: CredentialKeyring, id: string): CredentialKey {
  const k = ring.byId.get(id);
  if (!k)
    throw new Error(`payment credentials were sealed with key "${id}", which PAYMENT_CREDENTIALS_KEYS no longer holds`);
  return k;
}

export function sealSecrets(ring: CredentialKeyring, secrets: Record<string, string>, aad: string): Sealed {
  const dataKey = randomBytes(32);
  try {
    return {
      v: 1,
      kekId: ring.current.id,
      wrappedKey: encrypt(ring.current.key, dataKey, aad).toString('base64'),
      box: encrypt(dataKey, Buffer.from(JSON.stringify(secrets), 'utf8'), aad).toString('base64'),
    };
  } finally {
    dataKey.fill(0);
  }
}

export function openSecrets(ring: CredentialKeyring, sealed: Sealed, aad: string): Record<string, string> {
  const dataKey = decrypt(kekOf(ring, sealed.kekId).key, Buffer.from(sealed.wrappedKey, 'base64'), aad);
  try {
    const plain = decrypt(dataKey, Buffer.from(sealed.box, 'base64'), aad).toString('utf8');
    return z.record(z.string(), z.string()).parse(JSON.parse(plain));
  } finally {
    dataKey.fill(0);
  }
}

/** The same secrets with the data key wrapped by the current KEK; unchanged when it already is. */
export function rewrapSecrets(ring: CredentialKeyring, sealed: Sealed, aad: string): Sealed {
  if (sealed.kekId === ring.current.id) return sealed;
  const dataKey = decrypt(kekOf(ring, sealed.kekId).key, Buffer.from(sealed.wrappedKey, 'base64'), aad);
  try {
    return {
      ...sealed,
      kekId: ring.current.id,
      wrappedKey: encrypt(ring.current.key, dataKey, aad).toString('base64'),
    };
  } finally {
    dataKey.fill(0);
  }
}
