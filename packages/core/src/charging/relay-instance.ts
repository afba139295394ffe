import type { Db } from '@magma/db';
import type { LiveEventSink } from '../bus/live-events.ts';
import { utc } from './sql.ts';

// Every running relay keeps a RelayInstance row fresh. A relay that dies without closing (killed,
// its machine lost) stops refreshing it: once the row is stale, any other relay's sweep marks the
// chargers it held offline, and a command to one of them fails at once instead of timing out.

/** How often a relay refreshes its row (and sweeps for dead ones). */
export const RELAY_BEAT_MS = 5_000;
/** A row not refreshed for this long is a dead relay: six missed beats. */
export const RELAY_STALE_MS = 30_000;

/**
 * Refreshes (or creates) this relay's row. Returns true when the row was not there: another relay
 * judged this one dead (a long pause, the database out of reach) and marked its chargers offline,
 * so the caller must mark the chargers it still holds online again.
 */
export async function beatRelayInstance({
  db,
  instanceId,
  now = new Date(),
}: {
  db: Db;
  instanceId: string;
  now?: Date;
}): Promise<boolean> {
  const [row] = await db.$queryRaw<{ created: boolean }[]>`
    INSERT INTO "RelayInstance" (id, "startedAt", "lastSeenAt") VALUES (${instanceId}, ${utc(now)}, ${utc(now)})
    ON CONFLICT (id) DO UPDATE SET "lastSeenAt" = EXCLUDED."lastSeenAt"
    RETURNING (xmax = 0) AS created`;
  return row?.created ?? false;
}

/** A relay that closes cleanly removes its row (after releasing its chargers). */
export async function endRelayInstance({ db, instanceId }: { db: Db; instanceId: string }): Promise<void> {
  await db.relayInstance.deleteMany({ where: { id: instanceId } });
}

export async function isRelayInstanceAlive({
  db,
  instanceId,
  staleMs = RELAY_STALE_MS,
  now = new Date(),
}: {
  db: Db;
  instanceId: string;
  staleMs?: number;
  now?: Date;
}): Promise<boolean> {
  const row = await db.relayInstance.findUnique({ where: { id: instanceId }, select: { lastSeenAt: true } });
  return row !== null && row.lastSeenAt.getTime() >= now.getTime() - staleMs;
}

/**
 * Removes the rows of relays that stopped refreshing them and marks their chargers offline, in one
 * statement (two relays sweeping at once release each charger once). Returns the chargers released.
 */
export async function sweepDeadRelays({
  db,
  events,
  staleMs = RELAY_STALE_MS,
  now = new Date(),
}: {
  db: Db;
  events?: LiveEventSink;
  staleMs?: number;
  now?: Date;
}): Promise<number> {
  const cutoff = new Date(now.getTime() - staleMs);
  const released = await db.$queryRaw<{ chargerId: string; tenantId: string; identity: string }[]>`
    WITH dead AS (DELETE FROM "RelayInstance" WHERE "lastSeenAt" < ${utc(cutoff)} RETURNING id)
    UPDATE "Charger" c SET online = false, "relayInstanceId" = NULL, "updatedAt" = ${utc(now)}
    FROM dead WHERE c."relayInstanceId" = dead.id
    RETURNING c.id::text AS "chargerId", c."tenantId"::text AS "tenantId", c.identity`;
  const at = now.toISOString();
  for (const c of released) events?.({ type: 'charger.offline', ...c, at });
  return released.length;
}
