import { Prisma, type Db } from '@magma/db';
import { REGISTER_LOOKBACK_MS, bucketOf, energyByBucketSql, utc } from './power-energy-sql.ts';

// The power chart's rollup, written by the worker every minute rather than in the relay's meter
// batch: the batch is the fleet's hot path (one statement for hundreds of chargers), and a bucket's
// energy depends on the sample after it and on the transaction's stop, which arrive later. Each run
// recomputes, from the samples, the buckets that may have changed since the last one and replaces
// them: the last ten minutes before the previous run's end (late stops, samples a charger sent a
// little late), and back to the bucket of any sample stored since the last run with an older time
// (an offline queue). Recomputing is idempotent, so a failed or repeated run changes nothing.

/** How far before the previous run's end a run recomputes (stops and samples that come late). */
const MARGIN_MS = 10 * 60_000;
/** The longest chart is 72 hours: older buckets are never recomputed ... */
const RECOMPUTE_MAX_MS = 72 * 3_600_000;
/** ... and kept for a week. */
const KEEP_MS = 7 * 24 * 3_600_000;
/** Only one run at a time across workers. */
const LOCK_KEY = 0x706f7772; // 'powr'

export type PowerRollupRun = {
  /** The buckets recomputed: [from, until). */
  from: Date;
  until: Date;
  rows: number;
  tenants: number;
  /** False when another run held the lock. */
  ran: boolean;
};

export async function rollUpPower({ db, now = new Date() }: { db: Db; now?: Date }): Promise<PowerRollupRun> {
  const until = bucketOf(now);
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<[{ ok: boolean }]>`SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS ok`;
      if (!lock?.ok) return { from: until, until, rows: 0, tenants: 0, ran: false };
      const [state] = await tx.$queryRaw<{ sampleId: bigint; doneUntil: Date }[]>`
        SELECT "sampleId", "doneUntil" FROM "PowerRollupState" WHERE id = 1`;
      // Read before computing: a sample stored while this run works is seen by the next one.
      const [top] = await tx.$queryRaw<[{ id: bigint | null }]>`SELECT max(id) AS id FROM "MeterSample"`;
      const maxId = top?.id ?? 0n;

      const floor = until.getTime() - RECOMPUTE_MAX_MS;
      let from = floor;
      if (state) {
        from = state.doneUntil.getTime() - MARGIN_MS;
        const [late] = await tx.$queryRaw<[{ at: Date | null }]>`
          SELECT min(timestamp) AS at FROM "MeterSample" WHERE id > ${state.sampleId} AND id <= ${maxId}`;
        // A sample moves the bucket it is in, and the one of the reading before it (a register rise
        // is spread back to the previous reading).
        if (late?.at) from = Math.min(from, late.at.getTime() - REGISTER_LOOKBACK_MS);
      }
      const start = bucketOf(Math.max(from, floor));

      let rows = 0;
      let tenants = 0;
      if (start < until) {
        const ids = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Tenant"`;
        for (const { id } of ids) {
          await tx.$executeRaw`
            DELETE FROM "PowerRollup" WHERE "tenantId" = ${id}::uuid AND bucket >= ${utc(start)} AND bucket < ${utc(until)}`;
          const n = await tx.$executeRaw`
            INSERT INTO "PowerRollup" ("tenantId", "chargerId", "evseId", bucket, "energyWs")
            SELECT ${id}::uuid, e."chargerId", e."evseId", e.bucket, e.ws
            FROM (${energyByBucketSql({ where: Prisma.sql`ms."tenantId" = ${id}::uuid`, from: start, to: until })}) e
            WHERE e.ws > 0`;
          rows += n;
          if (n > 0) tenants++;
          // The same window summed per vendor, for the unfiltered chart.
          await tx.$executeRaw`
            DELETE FROM "PowerRollupFleet" WHERE "tenantId" = ${id}::uuid AND bucket >= ${utc(start)} AND bucket < ${utc(until)}`;
          await tx.$executeRaw`
            INSERT INTO "PowerRollupFleet" ("tenantId", "vendorId", bucket, "energyWs")
            SELECT r."tenantId", ch."vendorId", r.bucket, sum(r."energyWs")
            FROM "PowerRollup" r JOIN "Charger" ch ON ch.id = r."chargerId"
            WHERE r."tenantId" = ${id}::uuid AND r.bucket >= ${utc(start)} AND r.bucket < ${utc(until)}
            GROUP BY r."tenantId", ch."vendorId", r.bucket`;
        }
      }
      const kept = utc(new Date(until.getTime() - KEEP_MS));
      await tx.$executeRaw`DELETE FROM "PowerRollup" WHERE bucket < ${kept}`;
      await tx.$executeRaw`DELETE FROM "PowerRollupFleet" WHERE bucket < ${kept}`;
      await tx.$executeRaw`
        INSERT INTO "PowerRollupState" (id, "sampleId", "doneUntil", "updatedAt")
        VALUES (1, ${maxId}, ${utc(until)}, now() AT TIME ZONE 'UTC')
        ON CONFLICT (id) DO UPDATE SET "sampleId" = EXCLUDED."sampleId",
          "doneUntil" = EXCLUDED."doneUntil", "updatedAt" = EXCLUDED."updatedAt"`;
      return { from: start, until, rows, tenants, ran: true };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

/** The end of the rolled-up buckets (null before the first run). */
export async function powerRollupDoneUntil(db: Db): Promise<Date | null> {
  const [state] = await db.$queryRaw<{ doneUntil: Date }[]>`SELECT "doneUntil" FROM "PowerRollupState" WHERE id = 1`;
  return state?.doneUntil ?? null;
}
