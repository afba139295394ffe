import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { verifySecret } from '../auth/password.ts';
import {
  claimBackoffSlot,
  releaseRateLimitSlot,
  resetRateLimit,
  SIGN_IN_ADDRESS_BACKOFF,
  SIGN_IN_CLIENT_BACKOFF,
} from './rate-limit.ts';

export const WRONG_CREDENTIALS = 'Incorrect email or password.';
export const TOO_MANY_ATTEMPTS = 'Too many sign-in attempts.';

/** Longer input is refused before any lookup or hashing (an email cannot pass 320 characters). */
export const MAX_EMAIL_LENGTH = 320;
export const MAX_PASSWORD_LENGTH = 200;

export type AuthenticatedUser = {
  id: string;
  email: string;
  name: string | null;
  platformAdmin: boolean;
  /** Goes into the session token; the session ends when the user's version moves on. */
  sessionVersion: number;
};

/** Who is signing in, as far as the server can tell. */
export type SignInClient = {
  /** The client's address as reported by a trusted proxy; null when unknown (then every client looks alike). */
  address: string | null;
  /**
   * An id this browser got when it last signed in to this account (the caller checks it belongs to
   * the email): such a client has its own count, so failures sent by others cannot hold it back.
   */
  device?: string | null;
};

function tooMany(retryAt: Date, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  const wait = seconds === 1 ? '1 second' : seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return new AppError('RATE_LIMITED', `${TOO_MANY_ATTEMPTS} Try again in ${wait}.`, { details: { retryAt } });
}

/**
 * Checks email + password for a sign-in on one tenant's host (or the platform host when tenantId is
 * null). Failures are counted per account and client (the device, else the address) and per
 * address across accounts; past a few, each attempt must wait longer (see SIGN_IN_CLIENT_BACKOFF),
 * and attempts that come too early are refused unchecked. A success clears its client's count.
 * A right password on a host whose tenant the user does not belong to is answered, and counted, as
 * a wrong one: the answer never tells which accounts exist where.
 */
export async function authenticateUser({
  db,
  email: rawEmail,
  password,
  tenantId,
  client,
  now = new Date(),
}: {
  db: Db;
  email: string;
  password: string;
  tenantId: string | null;
  client: SignInClient;
  now?: Date;
}): Promise<AuthenticatedUser> {
  const email = rawEmail.trim().toLowerCase();
  if (!email || email.length > MAX_EMAIL_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  }
  const clientKey = `sign-in:${email}:${client.device ? `device:${client.device}` : `addr:${client.address ?? 'unknown'}`}`;
  // Every attempt claims its slots before the password is checked (a success gives them back), so
  // parallel guesses cannot all pass before the first failure is counted.
  const slot = await claimBackoffSlot({ db, key: clientKey, rule: SIGN_IN_CLIENT_BACKOFF, now });
  if (!slot.taken) throw tooMany(slot.retryAt, now);
  // Without a known address every client shares one, and a limit on it would stop everyone.
  const addressKey = client.address && !client.device ? `sign-in-address:${client.address}` : null;
  if (addressKey) {
    const bySource = await claimBackoffSlot({ db, key: addressKey, rule: SIGN_IN_ADDRESS_BACKOFF, now });
    if (!bySource.taken) {
      await releaseRateLimitSlot({ db, key: clientKey });
      throw tooMany(bySource.retryAt, now);
    }
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, platformRole: true, sessionVersion: true },
  });
  const ok = await verifySecret(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  const platformAdmin = user.platformRole === 'PLATFORM_ADMIN';
  if (!platformAdmin) {
    const member = tenantId
      ? await db.membership.findUnique({
          where: { userId_tenantId: { userId: user.id, tenantId } },
          select: { id: true },
        })
      : null;
    if (!member) throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  }
  await resetRateLimit({ db, key: clientKey });
  // The address's count stands (one account of one's own must not wipe a spray), less this attempt.
  if (addressKey) await releaseRateLimitSlot({ db, key: addressKey });
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    platformAdmin,
    sessionVersion: user.sessionVersion,
  };
}

// Verifying against a fixed hash when the user does not exist keeps the response time the same.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
