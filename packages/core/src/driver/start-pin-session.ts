import { randomUUID } from 'node:crypto';
import { verifySecret } from '../auth/password.ts';
import { AppError } from '../errors/app-error.ts';
import { claimRateLimitSlot, releaseRateLimitSlot, type RateLimit } from '../users/rate-limit.ts';
import { pinLookupOf } from './driver-pin.ts';
import { pinSessionInput, type PinSessionInput } from './driver-session-input.ts';
import { getConnectorForDriver } from './get-connector-for-driver.ts';
import { hashSessionToken } from './session-token.ts';
import { sealedTokenFor } from './session-link.ts';
import { audit, startChargingForSession } from './start-charging.ts';
import { nowOf, type DriverDeps } from './types.ts';

/**
 * Wrong PINs allowed per client address, per connector, and per tenant: a guesser who rotates
 * addresses and connectors still meets the tenant's limit. Reaching it pauses PINs for the whole
 * tenant until the window ends (paying still works), the price of bounding the guessing rate.
 */
export const PIN_LIMIT_PER_CLIENT: RateLimit = { limit: 5, windowMs: 15 * 60_000 };
export const PIN_LIMIT_PER_CONNECTOR: RateLimit = { limit: 20, windowMs: 15 * 60_000 };
export const PIN_LIMIT_PER_TENANT: RateLimit = { limit: 50, windowMs: 15 * 60_000 };

export const WRONG_PIN = 'That PIN is not valid.';

/**
 * The PIN fallback of the connector page: a tenant-issued PIN (an IdToken of type PIN, see
 * setDriverPin) starts the charger without payment. `pinLookupKey` is the server's PIN lookup key.
 */
export async function startPinSession(
  deps: DriverDeps,
  {
    tenantId,
    clientKey,
    pinLookupKey,
    input,
    baseUrl,
  }: {
    tenantId: string;
    clientKey: string;
    pinLookupKey: string;
    input: PinSessionInput;
    /** The origin the driver uses, for the link in the session's receipt. */
    baseUrl?: string;
  },
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
  if (
    !connector.online ||
    ['FAULTED', 'UNAVAILABLE'].includes(connector.status) ||
    connector.availability.state === 'busy'
  ) {
    throw new AppError('CONFLICT', connector.availability.message);
  }

  const limits = [
    { key: `pin:${tenantId}:client:${clientKey}`, rule: PIN_LIMIT_PER_CLIENT },
    { key: `pin:${tenantId}:connector:${connector.connectorRowId}`, rule: PIN_LIMIT_PER_CONNECTOR },
    { key: `pin:${tenantId}:tenant`, rule: PIN_LIMIT_PER_TENANT },
  ];
  await takePinSlots({ db, limits, now });

  const match = await db.idToken.findUnique({
    where: { tenantId_pinLookup: { tenantId, pinLookup: pinLookupOf({ tenantId, pin, pinLookupKey }) } },
  });
  const usable =
    match?.type === 'PIN' &&
    match.status === 'ACCEPTED' &&
    (!match.expiresAt || match.expiresAt > now) &&
    (await verifySecret(pin, match.pinHash));
  if (!match || !usable) {
    await db.auditLog.create({
      data: {
        tenantId,
        action: 'driver.pin_rejected',
        entityType: 'Connector',
        entityId: connector.connectorRowId,
        after: { clientKey },
      },
    });
    throw new AppError('FORBIDDEN', WRONG_PIN);
  }
  // A right PIN is not a wrong one: its slots go back.
  for (const { key } of limits) await releaseRateLimitSlot({ db, key });

  const sessionId = randomUUID();
  const session = await db.driverSession.create({
    data: {
      id: sessionId,
      tenantId,
      tokenHash,
      tokenSealed: sealedTokenFor(deps.sessionLinks, { sessionId, token: sessionToken, baseUrl }),
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

/**
 * Every attempt takes a slot of each limit before its PIN is looked at (a right PIN gives them
 * back), so parallel guesses cannot all pass a check before the first failure counts. An attempt a
 * limit refuses gives back the slots it took of the ones before, so a locked-out address cannot
 * run up the connector's or the tenant's count.
 */
async function takePinSlots({
  db,
  limits,
  now,
}: {
  db: DriverDeps['db'];
  limits: { key: string; rule: RateLimit }[];
  now: Date;
}) {
  for (const [i, { key, rule }] of limits.entries()) {
    const slot = await claimRateLimitSlot({ db, key, rule, now });
    if (slot.taken) continue;
    for (const taken of limits.slice(0, i)) await releaseRateLimitSlot({ db, key: taken.key });
    const minutes = Math.max(1, Math.ceil((slot.retryAt.getTime() - now.getTime()) / 60_000));
    const when = minutes === 1 ? 'in a minute' : `in ${minutes} minutes`;
    throw new AppError('RATE_LIMITED', `Too many wrong PINs. Try again ${when}, or pay instead.`, {
      details: { retryAt: slot.retryAt.toISOString() },
    });
  }
}
