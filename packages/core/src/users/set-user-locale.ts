import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';

/** The dashboard's languages (@magma/i18n's LOCALES); null goes back to the browser's choice. */
export const DASHBOARD_LOCALES = ['en', 'hi'] as const;

export const setUserLocaleInput = z.object({ locale: z.enum(DASHBOARD_LOCALES).nullable() });

/**
 * The signed-in user's own dashboard language. It belongs to the person, not to a tenant: the same
 * account sees its choice on every operator it is a member of.
 */
export async function setUserLocale({
  db,
  userId,
  input,
}: {
  db: Db;
  userId: string;
  input: z.input<typeof setUserLocaleInput>;
}): Promise<{ locale: (typeof DASHBOARD_LOCALES)[number] | null }> {
  const { locale } = setUserLocaleInput.parse(input);
  const updated = await db.user.updateMany({ where: { id: userId }, data: { locale } });
  if (updated.count === 0) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return { locale };
}
