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

/** How long after it ended a device's session still shows on the sticker page (its bill link). */
export const RECENT_SESSION_MS = 30 * 60_000;

export type DeviceSessionAt = { token: string; active: boolean };

/**
 * Of the sessions this device remembers (their tokens, from its cookie), the latest one at this
 * connector that is starting or charging (active), or else that ended in the last half hour. Tokens
 * of other tenants, other connectors or nothing at all find nothing: the device must hold the token.
 */
export async function findDeviceSessionAt({
  db,
  tenantId,
  tokens,
  chargerId,
  evseId,
  now = new Date(),
}: {
  db: Db;
  tenantId: string;
  tokens: readonly string[];
  chargerId: string;
  evseId: number;
  now?: Date;
}): Promise<DeviceSessionAt | null> {
  const byHash = new Map(tokens.filter(isSessionToken).map((t) => [hashSessionToken(t), t]));
  if (byHash.size === 0) return null;
  const sessions = await db.driverSession.findMany({
    where: {
      tenantId,
      chargerId,
      evseId,
      tokenHash: { in: [...byHash.keys()] },
      OR: [
        { status: { in: ['STARTING', 'CHARGING'] } },
        { status: { in: ['SETTLED', 'START_FAILED'] }, endedAt: { gte: new Date(now.getTime() - RECENT_SESSION_MS) } },
      ],
    },
    orderBy: { createdAt: 'desc' },
    select: { tokenHash: true, status: true },
  });
  const s = sessions.find((x) => x.status === 'STARTING' || x.status === 'CHARGING') ?? sessions[0];
  if (!s) return null;
  return { token: byHash.get(s.tokenHash)!, active: s.status === 'STARTING' || s.status === 'CHARGING' };
}
