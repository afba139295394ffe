import { Prisma, type Db } from '@magma/db';
import type { Scope } from '../tenancy/scope.ts';
import { chargerScopeSql } from './sql-scope.ts';

export const BUCKET_MINUTES = 5;
const BUCKET_MS = BUCKET_MINUTES * 60_000;

export type PowerPoint = { at: Date; kw: number };

/**
 * Fleet power over the last `hours` in 5-minute buckets, one point per bucket (zero when idle).
 * Per connector and bucket it takes the mean of the Power.Active.Import samples; a connector
 * that reports no power is measured from its energy register instead (Δ Wh / Δ t between
 * consecutive readings). Buckets are then summed across connectors.
 */
export async function getPowerChart({
  db,
  scope,
  hours = 24,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  hours?: number;
  now?: Date;
}): Promise<PowerPoint[]> {
  const last = new Date(Math.floor(now.getTime() / BUCKET_MS) * BUCKET_MS);
  const first = new Date(last.getTime() - ((hours * 60) / BUCKET_MINUTES - 1) * BUCKET_MS);
  const from = Prisma.sql`${first.toISOString()}::timestamptz AT TIME ZONE 'UTC'`;
  const to = Prisma.sql`${now.toISOString()}::timestamptz AT TIME ZONE 'UTC'`;
  const bin = (col: Prisma.Sql) => Prisma.sql`date_bin('5 minutes', ${col}, TIMESTAMP '2000-01-01')`;

  const rows = await db.$queryRaw<{ at: Date; kw: number }[]>`
    WITH samples AS (
      SELECT ms."chargerId", ms."evseId", ms.timestamp, ms.measurand,
             ms.value * (CASE WHEN ms.unit IN ('kW', 'kWh') THEN 1000 ELSE 1 END) AS v
      FROM "MeterSample" ms JOIN "Charger" ch ON ch.id = ms."chargerId"
      WHERE ${chargerScopeSql(scope, 'ch')} AND ms."tenantId" = ${scope.tenantId}::uuid
        AND ms.timestamp >= ${from} - interval '15 minutes' AND ms.timestamp <= ${to}
        AND ms.phase IS NULL
        AND ms.measurand IN ('Power.Active.Import', 'Energy.Active.Import.Register')
    ),
    measured AS (
      SELECT ${bin(Prisma.sql`timestamp`)} AS b, "chargerId", "evseId", avg(v) AS w
      FROM samples WHERE measurand = 'Power.Active.Import' AND timestamp >= ${from}
      GROUP BY 1, 2, 3
    ),
    deltas AS (
      SELECT "chargerId", "evseId", timestamp,
             (v - lag(v) OVER w) * 3600 / NULLIF(EXTRACT(EPOCH FROM timestamp - lag(timestamp) OVER w), 0) AS w
      FROM samples WHERE measurand = 'Energy.Active.Import.Register'
      WINDOW w AS (PARTITION BY "chargerId", "evseId" ORDER BY timestamp)
    ),
    derived AS (
      SELECT ${bin(Prisma.sql`timestamp`)} AS b, "chargerId", "evseId", avg(w) AS w
      FROM deltas WHERE w IS NOT NULL AND w >= 0 AND timestamp >= ${from}
      GROUP BY 1, 2, 3
    ),
    per_connector AS (
      SELECT b, COALESCE(m.w, d.w) AS w FROM measured m FULL JOIN derived d USING (b, "chargerId", "evseId")
    )
    SELECT g.b AS at, COALESCE(sum(pc.w), 0)::float8 / 1000 AS kw
    FROM generate_series(${from}, ${last.toISOString()}::timestamptz AT TIME ZONE 'UTC', interval '5 minutes') AS g(b)
    LEFT JOIN per_connector pc ON pc.b = g.b
    GROUP BY g.b ORDER BY g.b`;
  return rows.map((r) => ({ at: r.at, kw: Math.round(r.kw * 100) / 100 }));
}
