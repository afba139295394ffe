import type { Db } from '@magma/db';

/** Heartbeats only move lastSeenAt, so the relay coalesces them into one statement per flush. */
export async function touchChargers({
  db,
  chargerIds,
  at,
}: {
  db: Db;
  chargerIds: readonly string[];
  at: Date;
}): Promise<void> {
  if (chargerIds.length === 0) return;
  await db.charger.updateMany({ where: { id: { in: [...chargerIds] } }, data: { lastSeenAt: at } });
}
