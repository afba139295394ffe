import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { verifySecret } from '../auth/password.ts';
import { resetRateLimit, SIGN_IN_LIMIT, takeRateLimitSlot } from './rate-limit.ts';

export const WRONG_CREDENTIALS = 'Incorrect email or password.';
export const TOO_MANY_ATTEMPTS = 'Too many sign-in attempts. Wait 15 minutes and try again.';
export const NOT_A_MEMBER = 'This account has no access to this site.';

export type AuthenticatedUser = { id: string; email: string; name: string | null; platformAdmin: boolean };

/**
 * Checks email + password for a sign-in on one tenant's host (or the platform host when tenantId is
 * null). Attempts count per email and client IP until one signs in; after five in 15 minutes the
 * rest are refused unchecked.
 */
export async function authenticateUser({
  db,
  email: rawEmail,
  password,
  tenantId,
  ip,
}: {
  db: Db;
  email: string;
  password: string;
  tenantId: string | null;
  ip: string;
}): Promise<AuthenticatedUser> {
  const email = rawEmail.trim().toLowerCase();
  const key = `sign-in:${email}:${ip}`;
  // Every attempt takes a slot first (a success gives it back below), so parallel guesses cannot
  // all pass before the first failure is counted.
  if (!(await takeRateLimitSlot({ db, key, rule: SIGN_IN_LIMIT }))) {
    throw new AppError('RATE_LIMITED', TOO_MANY_ATTEMPTS);
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, platformRole: true },
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
    if (!member) throw new AppError('FORBIDDEN', NOT_A_MEMBER);
  }
  await resetRateLimit({ db, key });
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: user.id, email: user.email, name: user.name, platformAdmin };
}

// Verifying against a fixed hash when the user does not exist keeps the response time the same.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
