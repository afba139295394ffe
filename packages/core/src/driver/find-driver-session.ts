import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { hashSessionToken, isSessionToken } from './session-token.ts';

/** The session named by a /s/{token} URL, in this tenant only. */
export async function findDriverSession({ db, tenantId, token }: { db: Db; tenantId: string; token: string }) {
  if (!isSessionToken(token)) throw new AppError('NOT_FOUND', 'No such session');
  const session = await db.driverSession.findUnique({ where: { tokenHash: hashSessionToken(token) } });
  if (!session || session.tenantId !== tenantId) throw new AppError('NOT_FOUND', 'No such session');
  return session;
}
