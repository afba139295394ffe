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
 * point per bucket (zero when idle). Per connector and bucket it takes the mean of the
 * Power.Active.Import samples; a connector that reports no power in the window is measured from
 * its energy register instead (Δ Wh / Δ t between consecutive readings). Buckets are then summed
 * across connectors.
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
  const bin = Prisma.sql`date_bin('5 minutes', ms.timestamp, TIMESTAMP '2000-01-01')`;
  // Operators read the tenant's samples by (tenantId, timestamp); vendor users go through the charger.
  const vendorJoin = isVendorScope(scope)
    ? Prisma.sql`JOIN "Charger" ch ON ch.id = ms."chargerId" AND ${chargerScopeSql(scope, 'ch')}`
    : Prisma.empty;
  const inWindow = (lead: Prisma.Sql) => Prisma.sql`ms."tenantId" = ${scope.tenantId}::uuid
    AND ms.timestamp >= ${from} - ${lead} AND ms.timestamp < ${to} AND ms.phase IS NULL`;

  const rows = await db.$queryRaw<{ at: Date; kw: number }[]>`
    WITH measured AS (
      SELECT ${bin} AS b, ms."chargerId", ms."evseId",
             avg(ms.value * (CASE WHEN ms.unit = 'kW' THEN 1000 ELSE 1 END)) AS w
      FROM "MeterSample" ms ${vendorJoin}
      WHERE ${inWindow(Prisma.sql`interval '0 minutes'`)} AND ms.measurand = 'Power.Active.Import'
      GROUP BY 1, 2, 3
    ),
    reporting AS (SELECT DISTINCT "chargerId", "evseId" FROM measured),
    deltas AS (
      SELECT ms."chargerId", ms."evseId", ms.timestamp,
             (${wh} - lag(${wh}) OVER w) * 3600 / NULLIF(EXTRACT(EPOCH FROM ms.timestamp - lag(ms.timestamp) OVER w), 0) AS w
      FROM "MeterSample" ms ${vendorJoin}
      WHERE ${inWindow(Prisma.sql`interval '15 minutes'`)} AND ms.measurand = 'Energy.Active.Import.Register'
        AND NOT EXISTS (SELECT 1 FROM reporting r WHERE r."chargerId" = ms."chargerId" AND r."evseId" = ms."evseId")
      WINDOW w AS (PARTITION BY ms."chargerId", ms."evseId" ORDER BY ms.timestamp)
    ),
    derived AS (
      SELECT date_bin('5 minutes', timestamp, TIMESTAMP '2000-01-01') AS b, avg(w) AS w
      FROM deltas WHERE w IS NOT NULL AND w >= 0 AND timestamp >= ${from}
      GROUP BY 1, "chargerId", "evseId"
    ),
    buckets AS (
      SELECT b, sum(w) AS w FROM (SELECT b, w FROM measured UNION ALL SELECT b, w FROM derived) x GROUP BY b
    )
    SELECT g.b AS at, COALESCE(buckets.w, 0)::float8 / 1000 AS kw
    FROM generate_series(${from}, ${to} - interval '5 minutes', interval '5 minutes') AS g(b)
    LEFT JOIN buckets ON buckets.b = g.b
    ORDER BY g.b`;
  return rows.map((r) => ({ at: r.at, kw: Math.round(r.kw * 100) / 100 }));
}
