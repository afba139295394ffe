import { Prisma, type Db } from '@magma/db';

// The event log is the stream's replay window (15 minutes) with room to spare, not an archive:
// webhooks keep their own deliveries, and the facts are in their own tables.

export const EVENT_LOG_RETENTION_MS = 24 * 3_600_000;

/** Deletes events older than the retention, a batch at a time; answers how many. */
export async function pruneEventLog({
  db,
  retentionMs = EVENT_LOG_RETENTION_MS,
  now = new Date(),
  batch = 10_000,
}: {
  db: Db;
  retentionMs?: number;
  now?: Date;
  batch?: number;
}): Promise<number> {
  const before = new Date(now.getTime() - retentionMs).toISOString();
  let total = 0;
  for (;;) {
    const n = await db.$executeRaw(Prisma.sql`
      DELETE FROM "EventLog" WHERE id IN (
        SELECT id FROM "EventLog" WHERE "createdAt" < (${before}::timestamptz AT TIME ZONE 'UTC') ORDER BY "createdAt" LIMIT ${batch})`);
    total += n;
    if (n < batch) return total;
  }
}
