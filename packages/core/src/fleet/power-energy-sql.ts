import { Prisma } from '@magma/db';

export const BUCKET_MINUTES = 5;
export const BUCKET_MS = BUCKET_MINUTES * 60_000;

/** The start of the 5-minute bucket that holds `at`. */
export const bucketOf = (at: Date | number): Date =>
  new Date(Math.floor(new Date(at).getTime() / BUCKET_MS) * BUCKET_MS);

/** A JS date as the UTC `timestamp` our columns hold. */
export const utc = (d: Date): Prisma.Sql => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

/**
 * How long a power sample stands when nothing follows it (no later sample, no recorded stop):
 * longer than any usual meter interval (OCPP's default is 60 s), short enough that a session whose
 * stop was never heard does not run on in the chart.
 */
const HOLD = Prisma.sql`interval '5 minutes'`;
/** How far back an energy register reading is looked for to measure the first rise in the window. */
export const REGISTER_LOOKBACK_MS = 15 * 60_000;

/**
 * Energy (watt-seconds) per charger, EVSE and 5-minute bucket over [from, to), from the meter
 * samples `where` selects (a condition on `ms`, which must name the tenant so the
 * (tenantId, timestamp) index is used; `join` may add a join on `ms`). Columns: "chargerId",
 * "evseId", bucket, ws. `to` need not be a bucket edge: the bucket holding it gets the energy up to
 * `to` (the live bucket).
 *
 * A Power.Active.Import sample stands from its time until the EVSE's next power sample, the end of
 * its transaction or HOLD, whichever comes first; an EVSE that reports no power in the window is
 * measured from its energy register instead, each rise spread evenly between the two readings. So
 * a connector that charged for 30 s of a bucket counts for 30 s, not for the bucket.
 */
export function energyByBucketSql({
  where,
  join = Prisma.empty,
  from,
  to,
}: {
  where: Prisma.Sql;
  join?: Prisma.Sql;
  from: Date;
  to: Date;
}): Prisma.Sql {
  const f = utc(from);
  const t = utc(to);
  const wh = Prisma.sql`(ms.value * (CASE WHEN ms.unit = 'kWh' THEN 1000 ELSE 1 END))`;
  const inWindow = (lead: Prisma.Sql) => Prisma.sql`${where}
    AND ms.timestamp >= ${f} - ${lead} AND ms.timestamp < ${t} AND ms.phase IS NULL`;
  // Each row of `spans` is a stretch of time [t0, t1) with a constant power w (watts) on one EVSE;
  // the final select cuts every stretch at the bucket edges and keeps watt-seconds per bucket.
  return Prisma.sql`
    WITH power AS (
      SELECT ms."chargerId", ms."evseId", ms.timestamp AS t0,
             LEAST(
               COALESCE(lead(ms.timestamp) OVER w, 'infinity'::timestamp),
               ms.timestamp + ${HOLD},
               COALESCE(tx."stoppedAt", 'infinity'::timestamp)
             ) AS t1,
             ms.value * (CASE WHEN ms.unit = 'kW' THEN 1000 ELSE 1 END) AS w
      FROM "MeterSample" ms ${join}
      LEFT JOIN "Transaction" tx ON tx.id = ms."transactionId"
      WHERE ${inWindow(HOLD)} AND ms.measurand = 'Power.Active.Import'
      WINDOW w AS (PARTITION BY ms."chargerId", ms."evseId" ORDER BY ms.timestamp)
    ),
    reporting AS (SELECT DISTINCT "chargerId", "evseId" FROM power),
    register AS (
      SELECT ms."chargerId", ms."evseId", lag(ms.timestamp) OVER w AS t0, ms.timestamp AS t1,
             (${wh} - lag(${wh}) OVER w) * 3600
               / NULLIF(EXTRACT(EPOCH FROM ms.timestamp - lag(ms.timestamp) OVER w), 0) AS w
      FROM "MeterSample" ms ${join}
      WHERE ${inWindow(Prisma.raw(`interval '${REGISTER_LOOKBACK_MS / 60_000} minutes'`))}
        AND ms.measurand = 'Energy.Active.Import.Register'
        AND NOT EXISTS (SELECT 1 FROM reporting r WHERE r."chargerId" = ms."chargerId" AND r."evseId" = ms."evseId")
      WINDOW w AS (PARTITION BY ms."chargerId", ms."evseId" ORDER BY ms.timestamp)
    ),
    spans AS (
      SELECT "chargerId", "evseId", t0, t1, w FROM power
      UNION ALL
      SELECT "chargerId", "evseId", t0, t1, w FROM register WHERE t0 IS NOT NULL AND w IS NOT NULL AND w >= 0
    )
    SELECT s."chargerId", s."evseId", b.b AS bucket,
           sum(s.w * EXTRACT(EPOCH FROM LEAST(s.t1, b.b + interval '5 minutes', ${t}) - GREATEST(s.t0, b.b)))::float8 AS ws
    FROM spans s
    CROSS JOIN LATERAL generate_series(
      date_bin('5 minutes', GREATEST(s.t0, ${f}), TIMESTAMP '2000-01-01'),
      LEAST(s.t1, ${t}) - interval '1 microsecond',
      interval '5 minutes'
    ) AS b(b)
    WHERE s.t1 > s.t0 AND s.t1 > ${f} AND s.t0 < ${t}
    GROUP BY s."chargerId", s."evseId", b.b`;
}
