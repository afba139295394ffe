import { createHmac } from 'node:crypto';
import { Prisma, type Db } from '@magma/db';
import { hashSecret } from '../auth/password.ts';
import { AppError } from '../errors/app-error.ts';
import { pinValue } from './driver-session-input.ts';

// A PIN is stored twice: a scrypt hash (the proof) and an HMAC under a server-side key (the index).
// The HMAC finds the one token a PIN can belong to, so an attempt costs one scrypt verification at
// most, and a wrong PIN none: without it every attempt verified every PIN of the tenant. The key
// stays out of the database, so a copy of the database alone cannot turn the short PINs back.

/** The tenant is part of the message, so one PIN at two tenants gives unrelated lookups. */
export function pinLookupOf({ tenantId, pin, pinLookupKey }: { tenantId: string; pin: string; pinLookupKey: string }) {
  if (!pinLookupKey) throw new Error('pinLookupKey is empty');
  return createHmac('sha256', pinLookupKey).update(`${tenantId}:${pin}`).digest('hex');
}

/** What is stored of a PIN: the two columns of its token, never the PIN itself. */
export async function storedPinOf(args: { tenantId: string; pin: string; pinLookupKey: string }) {
  return { pinLookup: pinLookupOf(args), pinHash: await hashSecret(args.pin) };
}

/**
 * Issues a PIN (or sets a new one) on the tenant's PIN token `token`. Setting it again is also how
 * a PIN stored before lookups existed becomes usable. Two PIN tokens of a tenant never share a PIN.
 */
export async function setDriverPin({
  db,
  tenantId,
  token,
  pin: rawPin,
  pinLookupKey,
  label,
  expiresAt,
}: {
  db: Db;
  tenantId: string;
  token: string;
  pin: string;
  pinLookupKey: string;
  label?: string | null;
  expiresAt?: Date | null;
}) {
  const parsed = pinValue.safeParse(rawPin);
  if (!parsed.success) throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Bad PIN');
  const pin = parsed.data;
  const { pinLookup, pinHash } = await storedPinOf({ tenantId, pin, pinLookupKey });
  const existing = await db.idToken.findUnique({ where: { tenantId_token: { tenantId, token } } });
  if (existing && existing.type !== 'PIN') throw new AppError('CONFLICT', `${token} is not a PIN token`);
  const holder = await db.idToken.findUnique({ where: { tenantId_pinLookup: { tenantId, pinLookup } } });
  if (holder && holder.id !== existing?.id) throw new AppError('CONFLICT', 'Another PIN token already has this PIN');
  const data = { pinHash, pinLookup, label, expiresAt };
  try {
    return await db.idToken.upsert({
      where: { tenantId_token: { tenantId, token } },
      create: { tenantId, token, type: 'PIN', ...data },
      update: data,
      select: { id: true, token: true },
    });
  } catch (e) {
    // The same PIN (or token) written by a concurrent call: the unique indexes hold.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002')
      throw new AppError('CONFLICT', 'Another PIN token already has this PIN');
    throw e;
  }
}
