import { checkIdToken } from './check-id-token.ts';
import type { ChargingDeps, IdTokenCheck } from './types.ts';

/** Authorize (both versions): checks the token and records the request before answering. */
export async function authorizeIdToken({
  db,
  charger,
  token,
  now = new Date(),
}: ChargingDeps & { token: string; now?: Date }): Promise<IdTokenCheck> {
  const result = await checkIdToken({ db, tenantId: charger.tenantId, token, now });
  await db.chargerMessage.create({
    data: {
      tenantId: charger.tenantId,
      chargerId: charger.chargerId,
      action: 'Authorize',
      payload: { token, status: result.status },
    },
  });
  return result;
}
