import { Prisma, type Db } from '@magma/db';
import { isVendorScope, type Scope } from '../tenancy/scope.ts';
import { chargerScopeSql } from './sql-scope.ts';

export const BUCKET_MINUTES = 5;
const BUCKET_MS = BUCKET_MINUTES * 60_000;

export type PowerPoint = { at: Date; kw: number };

// Buckets are 5 minutes wide, so recomputing the chart more often than this shows nothing new;
// a page load or a refresh within it reuses the last result of the same scope.
const DEFAULT_CACHE_MS = 30_000;
const cache = new Map<string, { until: number; points: Promise<PowerPoint[]> }>();

/**
 * Fleet power over the last `hours` in 5-minute buckets ending with the last complete one, one
 * point per bucket (zero when idle): the energy the fleet delivered in the bucket divided by its
 * length, so a connector that charged for 30 s of the 5 minutes counts for a tenth of its power.
 * A Power.Active.Import sample stands from its time until the connector's next power sample, the
 * end of its transaction or HOLD, whichever comes first; a connector that reports no power in the
 * window is measured from its energy register instead, each rise spread evenly between the two
 * readings. Energy is summed across connectors.
 */
export async function getPowerChart({
  db,
  scope,
  hours = 24,
  now = new Date(),
  cacheMs = DEFAULT_CACHE_MS,
}: {
  db: Db;
  scope: Scope;
  hours?: number;
  now?: Date;
  cacheMs?: number;
}): Promise<PowerPoint[]> {
  const last = new Date(Math.floor(now.getTime() / BUCKET_MS) * BUCKET_MS - BUCKET_MS);
  const key = `${scope.tenantId}:${scope.vendorId ?? '*'}:${hours}:${last.getTime()}`;
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.points;
  const points = compute({ db, scope, hours, last });
  if (cacheMs > 0) {
    for (const [k, v] of cache) if (v.until <= Date.now()) cache.delete(k);
    cache.set(key, { until: Date.now() + cacheMs, points });
    points.catch(() => cache.delete(key));
  }
  return points;
}

/**
 * How long a power sample stands when nothing follows it (no later sample, no recorded stop):
 * longer than any usual meter interval (OCPP's default is 60 s), short enough that a session whose
 * stop was never heard does not run on in the chart.
 */
const HOLD = Prisma.sql`interval '5 minutes'`;

async function compute({
  db,
  scope,
  hours,
  last,
}: {
  db: Db;
  scope: Scope;
  hours: number;
  last: Date;
}): Promise<PowerPoint[]> {
  const first = new Date(last.getTime() - ((hours * 60) / BUCKET_MINUTES - 1) * BUCKET_MS);
  const from = Prisma.sql`(${first.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const to = Prisma.sql`(${new Date(last.getTime() + BUCKET_MS).toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const wh = Prisma.sql`(ms.value * (CASE WHEN ms.unit = 'kWh' THEN 1000 ELSE 1 END))`;
  // Operators read the tenant's samples by (tenantId, timestamp); vendor users go through the charger.
  const vendorJoin = isVendorScope(scope)
    ? Prisma.sql`JOIN "Charger" ch ON ch.id = ms."chargerId" AND ${chargerScopeSql(scope, 'ch')}`
    : Prisma.empty;
  const inWindow = (lead: Prisma.Sql) => Prisma.sql`ms."tenantId" = ${scope.tenantId}::uuid
    AND ms.timestamp >= ${from} - ${lead} AND ms.timestamp < ${to} AND ms.phase IS NULL`;

  // Each row of `spans` is a stretch of time [t0, t1) with a constant power w (watts); `energy`
  // cuts every stretch at the bucket edges and keeps watt-seconds per bucket.
  const rows = await db.$queryRaw<{ at: Date; kw: number }[]>`
    WITH power AS (
      SELECT ms."chargerId", ms."evseId", ms.timestamp AS t0,
             LEAST(
               COALESCE(lead(ms.timestamp) OVER w, 'infinity'::timestamp),
               ms.timestamp + ${HOLD},
               COALESCE(tx."stoppedAt", 'infinity'::timestamp)
             ) AS t1,
             ms.value * (CASE WHEN ms.unit = 'kW' THEN 1000 ELSE 1 END) AS w
      FROM "MeterSample" ms ${vendorJoin}
      LEFT JOIN "Transaction" tx ON tx.id = ms."transactionId"
      WHERE ${inWindow(HOLD)} AND ms.measurand = 'Power.Active.Import'
      WINDOW w AS (PARTITION BY ms."chargerId", ms."evseId" ORDER BY ms.timestamp)
    ),
    reporting AS (SELECT DISTINCT "chargerId", "evseId" FROM power),
    register AS (
      SELECT lag(ms.timestamp) OVER w AS t0, ms.timestamp AS t1,
             (${wh} - lag(${wh}) OVER w) * 3600
               / NULLIF(EXTRACT(EPOCH FROM ms.timestamp - lag(ms.timestamp) OVER w), 0) AS w
      FROM "MeterSample" ms ${vendorJoin}
      WHERE ${inWindow(Prisma.sql`interval '15 minutes'`)} AND ms.measurand = 'Energy.Active.Import.Register'
        AND NOT EXISTS (SELECT 1 FROM reporting r WHERE r."chargerId" = ms."chargerId" AND r."evseId" = ms."evseId")
      WINDOW w AS (PARTITION BY ms."chargerId", ms."evseId" ORDER BY ms.timestamp)
    ),
    spans AS (
      SELECT t0, t1, w FROM power
      UNION ALL
      SELECT t0, t1, w FROM register WHERE t0 IS NOT NULL AND w IS NOT NULL AND w >= 0
    ),
    energy AS (
      SELECT b.b, sum(s.w * EXTRACT(EPOCH FROM LEAST(s.t1, b.b + interval '5 minutes') - GREATEST(s.t0, b.b))) AS ws
      FROM spans s
      CROSS JOIN LATERAL generate_series(
        date_bin('5 minutes', GREATEST(s.t0, ${from}), TIMESTAMP '2000-01-01'),
        LEAST(s.t1, ${to}) - interval '1 microsecond',
        interval '5 minutes'
      ) AS b(b)
      WHERE s.t1 > s.t0 AND s.t1 > ${from} AND s.t0 < ${to}
      GROUP BY b.b
    )
    SELECT g.b AS at, COALESCE(energy.ws, 0)::float8 / ${Prisma.raw(String(BUCKET_MS / 1000))} / 1000 AS kw
    FROM generate_series(${from}, ${to} - interval '5 minutes', interval '5 minutes') AS g(b)
    LEFT JOIN energy ON energy.b = g.b
    ORDER BY g.b`;
  return rows.map((r) => ({ at: r.at, kw: Math.round(r.kw * 100) / 100 }));
}
