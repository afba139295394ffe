import { verifySecret } from '../auth/password.ts';
import { AppError } from '../errors/app-error.ts';
import { hitRateLimit, isRateLimited, resetRateLimit, type RateLimit } from '../users/rate-limit.ts';
import { pinSessionInput, type PinSessionInput } from './driver-session-input.ts';
import { getConnectorForDriver } from './get-connector-for-driver.ts';
import { hashSessionToken } from './session-token.ts';
import { audit, startChargingForSession } from './start-charging.ts';
import { nowOf, type DriverDeps } from './types.ts';

/** Wrong PINs allowed per client address, and per connector (so a rotating address does not help). */
export const PIN_LIMIT_PER_CLIENT: RateLimit = { limit: 5, windowMs: 15 * 60_000 };
export const PIN_LIMIT_PER_CONNECTOR: RateLimit = { limit: 20, windowMs: 15 * 60_000 };

/**
 * The PIN fallback of the connector page: a tenant-issued PIN (an IdToken of type PIN with a
 * scrypt pinHash) starts the charger without payment. Failed tries are rate limited.
 */
export async function startPinSession(
  deps: DriverDeps,
  { tenantId, clientKey, input }: { tenantId: string; clientKey: string; input: PinSessionInput },
) {
  const parsed = pinSessionInput.safeParse(input);
  if (!parsed.success)
    throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Bad input', { details: parsed.error.issues });
  const { sessionToken, code, pin, email } = parsed.data;
  const { db } = deps;
  const now = nowOf(deps);
  const tokenHash = hashSessionToken(sessionToken);
  const existing = await db.driverSession.findUnique({ where: { tokenHash } });
  if (existing) {
    if (existing.tenantId !== tenantId || existing.kind !== 'PIN')
      throw new AppError('CONFLICT', 'This session already exists');
    return { sessionId: existing.id, sessionToken, reused: true };
  }

  const connector = await getConnectorForDriver({ db, pricing: deps.pricing, tenantId, code, now });
  const keys = [`pin:${tenantId}:client:${clientKey}`, `pin:${tenantId}:connector:${connector.connectorRowId}`];
  const rules = [PIN_LIMIT_PER_CLIENT, PIN_LIMIT_PER_CONNECTOR];
  for (const [i, key] of keys.entries()) {
    if (await isRateLimited({ db, key, rule: rules[i]!, now })) {
      throw new AppError('RATE_LIMITED', 'Too many wrong PINs. Try again in 15 minutes, or pay instead.');
    }
  }
  if (
    !connector.online ||
    ['FAULTED', 'UNAVAILABLE'].includes(connector.status) ||
    connector.availability.state === 'busy'
  ) {
    throw new AppError('CONFLICT', connector.availability.message);
  }

  const candidates = await db.idToken.findMany({
    where: {
      tenantId,
      type: 'PIN',
      status: 'ACCEPTED',
      pinHash: { not: null },
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    take: 500,
  });
  let match: (typeof candidates)[number] | undefined;
  for (const c of candidates) {
    if (await verifySecret(pin, c.pinHash)) {
      match = c;
      break;
    }
  }
  if (!match) {
    for (const [i, key] of keys.entries()) await hitRateLimit({ db, key, rule: rules[i]!, now });
    await db.auditLog.create({
      data: {
        tenantId,
        action: 'driver.pin_rejected',
        entityType: 'Connector',
        entityId: connector.connectorRowId,
        after: { clientKey },
      },
    });
    throw new AppError('FORBIDDEN', 'That PIN is not valid.');
  }
  await resetRateLimit({ db, key: keys[0]! });

  const session = await db.driverSession.create({
    data: {
      tenantId,
      tokenHash,
      kind: 'PIN',
      status: 'AWAITING_PAYMENT',
      chargerId: connector.chargerId,
      connectorRowId: connector.connectorRowId,
      evseId: connector.evseId,
      connectorId: connector.connectorId,
      email,
    },
  });
  await audit(deps, session, 'driver.pin_accepted', { idTokenId: match.id });
  const started = await startChargingForSession(deps, { sessionId: session.id, idTokenId: match.id });
  return { sessionId: session.id, sessionToken, reused: false, started };
}
