import type { Db } from '@magma/db';

// Sessions are signed tokens (next-auth JWTs) that carry the user's session version from sign-in.
// Every request compares it with the user's row (a primary-key read), so moving the version on ends
// every session of that user at once, on every host, without a session table.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ends every session of the user (sign-out, password change, removal from a tenant). */
export async function endUserSessions({ db, userId }: { db: Db; userId: string }): Promise<void> {
  await db.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

/** Whether a session token issued with `sessionVersion` is still valid for the user. */
export async function isSessionCurrent({
  db,
  userId,
  sessionVersion,
}: {
  db: Db;
  userId: string;
  sessionVersion: unknown;
}): Promise<boolean> {
  if (typeof sessionVersion !== 'number' || !UUID.test(userId)) return false;
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user?.sessionVersion === sessionVersion;
}
