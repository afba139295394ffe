import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { hashSecret, verifySecret } from '../auth/password.ts';
import { claimBackoffSlot, resetRateLimit, SIGN_IN_CLIENT_BACKOFF } from './rate-limit.ts';
import { MAX_PASSWORD_LENGTH } from './authenticate-user.ts';

export const WRONG_CURRENT_PASSWORD = 'Your current password is not correct.';

export const changePasswordInput = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(MAX_PASSWORD_LENGTH),
    newPassword: z.string().min(8, 'Use at least 8 characters').max(MAX_PASSWORD_LENGTH),
  })
  .refine((i) => i.newPassword !== i.currentPassword, {
    message: 'Choose a password different from the current one',
    path: ['newPassword'],
  });

/**
 * Sets a new password for the signed-in user, who must give the current one (a session left open
 * must not be enough to take the account over). Every session of the user ends, this one included:
 * the caller signs in again with the new password. Wrong current passwords slow down as sign-in
 * failures do, per user.
 */
export async function changePassword({
  db,
  userId,
  input,
  now = new Date(),
}: {
  db: Db;
  userId: string;
  input: z.input<typeof changePasswordInput>;
  now?: Date;
}): Promise<{ ok: true }> {
  const { currentPassword, newPassword } = changePasswordInput.parse(input);
  const key = `password-change:${userId}`;
  const slot = await claimBackoffSlot({ db, key, rule: SIGN_IN_CLIENT_BACKOFF, now });
  if (!slot.taken) {
    throw new AppError('RATE_LIMITED', 'Too many wrong passwords. Try again later.', {
      details: { retryAt: slot.retryAt },
    });
  }
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  if (!(await verifySecret(currentPassword, user.passwordHash))) {
    throw new AppError('BAD_INPUT', WRONG_CURRENT_PASSWORD);
  }
  await resetRateLimit({ db, key });
  const passwordHash = await hashSecret(newPassword);
  await db.user.update({
    where: { id: userId },
    data: { passwordHash, sessionVersion: { increment: 1 } },
  });
  return { ok: true };
}
