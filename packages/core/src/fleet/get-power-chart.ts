import { Prisma, type Db } from '@magma/db';
import type { Scope } from '../tenancy/scope.ts';
import { evseFilterSql, fleetFilterKey, isEmptyFleetFilter, type FleetFilter } from './fleet-filter.ts';
import { BUCKET_MINUTES, BUCKET_MS, bucketOf, energyByBucketSql, utc } from './power-energy-sql.ts';
import { powerRollupDoneUntil } from './roll-up-power.ts';
import { chargerScopeSql } from './sql-scope.ts';

export { BUCKET_MINUTES } from './power-energy-sql.ts';
export { rollUpPower, type PowerRollupRun } from './roll-up-power.ts';
export { fleetFilterInput, type FleetFilter } from './fleet-filter.ts';

/** `partial`: the bucket still filling (the live one), its kW averaged over the time gone so far. */
export type PowerPoint = { at: Date; kw: number; partial?: boolean };

// Buckets are 5 minutes wide, so recomputing the complete ones more often than this shows nothing
// new; a page load or a refresh within it reuses the last result of the same scope and filter.
const DEFAULT_CACHE_MS = 30_000;
const cache = new Map<string, { until: number; points: Promise<PowerPoint[]> }>();

const kwOf = (ws: number, seconds: number) => Math.round((ws / seconds / 1000) * 100) / 100;

/**
 * Fleet power over the last `hours` in 5-minute buckets ending with the last complete one, one
 * point per bucket (zero when idle): the energy the scope's EVSEs (those the filter selects)
 * delivered in the bucket divided by its length, so a connector that charged for 30 s of the
 * 5 minutes counts for a tenth of its power. Buckets the worker has rolled up are read from
 * PowerRollupFleet (no filter: sums per vendor) or PowerRollup (per EVSE); later ones (and all of them before its first run) from the meter samples, the same
 * way (see energyByBucketSql). With `live`, the bucket still filling is added: its energy so far
 * over the time gone so far.
 */
export async function getPowerChart({
  db,
  scope,
  hours = 24,
  now = new Date(),
  cacheMs = DEFAULT_CACHE_MS,
  filter,
  live = false,
}: {
  db: Db;
  scope: Scope;
  hours?: number;
  now?: Date;
  cacheMs?: number;
  filter?: FleetFilter;
  live?: boolean;
}): Promise<PowerPoint[]> {
  const current = bucketOf(now);
  const last = new Date(current.getTime() - BUCKET_MS);
  const key = `${scope.tenantId}:${scope.vendorId ?? '*'}:${hours}:${last.getTime()}:${fleetFilterKey(filter)}`;
  let points: Promise<PowerPoint[]>;
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) points = hit.points;
  else {
    points = completeBuckets({ db, scope, hours, last, filter });
    if (cacheMs > 0) {
      for (const [k, v] of cache) if (v.until <= Date.now()) cache.delete(k);
      cache.set(key, { until: Date.now() + cacheMs, points });
      points.catch(() => cache.delete(key));
    }
  }
  if (!live) return points;
  const [complete, tail] = await Promise.all([points, liveBucket({ db, scope, filter, current, now })]);
  return [...complete, tail];
}

function sampleWhere(scope: Scope, filter: FleetFilter | undefined) {
  // Operators read the tenant's samples by (tenantId, timestamp); vendor users go through the charger.
  const join =
    scope.vendorId !== undefined && scope.vendorId !== null
      ? Prisma.sql`JOIN "Charger" ch ON ch.id = ms."chargerId" AND ${chargerScopeSql(scope, 'ch')}`
      : Prisma.empty;
  const where = Prisma.sql`ms."tenantId" = ${scope.tenantId}::uuid
    AND ${evseFilterSql(scope, filter, { charger: Prisma.sql`ms."chargerId"`, evse: Prisma.sql`ms."evseId"` })}`;
  return { join, where };
}

async function sampleEnergy(
  db: Db,
  { scope, filter, from, to }: { scope: Scope; filter?: FleetFilter; from: Date; to: Date },
): Promise<Map<number, number>> {
  if (to <= from) return new Map();
  const rows = await db.$queryRaw<{ at: Date; ws: number }[]>`
    SELECT e.bucket AS at, sum(e.ws)::float8 AS ws
    FROM (${energyByBucketSql({ ...sampleWhere(scope, filter), from, to })}) e GROUP BY e.bucket`;
  return new Map(rows.map((r) => [r.at.getTime(), r.ws]));
}

async function rollupEnergy(
  db: Db,
  { scope, filter, from, to }: { scope: Scope; filter?: FleetFilter; from: Date; to: Date },
): Promise<Map<number, number>> {
  if (to <= from) return new Map();
  const vendorJoin =
    scope.vendorId !== undefined && scope.vendorId !== null
      ? Prisma.sql`JOIN "Charger" ch ON ch.id = r."chargerId" AND ${chargerScopeSql(scope, 'ch')}`
      : Prisma.empty;
  // Without a filter, the per-vendor sums (the charger's vendor when the bucket was rolled up).
  if (isEmptyFleetFilter(filter)) {
    const vendor =
      scope.vendorId !== undefined && scope.vendorId !== null
        ? Prisma.sql`AND f."vendorId" = ${scope.vendorId}::uuid`
        : Prisma.empty;
    const fleet = await db.$queryRaw<{ at: Date; ws: number }[]>`
      SELECT f.bucket AS at, sum(f."energyWs")::float8 AS ws FROM "PowerRollupFleet" f
      WHERE f."tenantId" = ${scope.tenantId}::uuid AND f.bucket >= ${utc(from)} AND f.bucket < ${utc(to)} ${vendor}
      GROUP BY f.bucket`;
    return new Map(fleet.map((r) => [r.at.getTime(), r.ws]));
  }
  const rows = await db.$queryRaw<{ at: Date; ws: number }[]>`
    SELECT r.bucket AS at, sum(r."energyWs")::float8 AS ws
    FROM "PowerRollup" r ${vendorJoin}
    WHERE r."tenantId" = ${scope.tenantId}::uuid AND r.bucket >= ${utc(from)} AND r.bucket < ${utc(to)}
      AND ${evseFilterSql(scope, filter, { charger: Prisma.sql`r."chargerId"`, evse: Prisma.sql`r."evseId"` })}
    GROUP BY r.bucket`;
  return new Map(rows.map((r) => [r.at.getTime(), r.ws]));
}

async function completeBuckets({
  db,
  scope,
  hours,
  last,
  filter,
}: {
  db: Db;
  scope: Scope;
  hours: number;
  last: Date;
  filter?: FleetFilter;
}): Promise<PowerPoint[]> {
  const n = (hours * 60) / BUCKET_MINUTES;
  const first = new Date(last.getTime() - (n - 1) * BUCKET_MS);
  const end = new Date(last.getTime() + BUCKET_MS);
  const done = await powerRollupDoneUntil(db);
  const split = new Date(Math.min(end.getTime(), Math.max(first.getTime(), done?.getTime() ?? 0)));
  const [rolled, sampled] = await Promise.all([
    rollupEnergy(db, { scope, filter, from: first, to: split }),
    sampleEnergy(db, { scope, filter, from: split, to: end }),
  ]);
  const points: PowerPoint[] = [];
  for (let i = 0; i < n; i++) {
    const at = first.getTime() + i * BUCKET_MS;
    points.push({ at: new Date(at), kw: kwOf(rolled.get(at) ?? sampled.get(at) ?? 0, BUCKET_MS / 1000) });
  }
  return points;
}

async function liveBucket({
  db,
  scope,
  filter,
  current,
  now,
}: {
  db: Db;
  scope: Scope;
  filter?: FleetFilter;
  current: Date;
  now: Date;
}): Promise<PowerPoint> {
  const seconds = (now.getTime() - current.getTime()) / 1000;
  if (seconds < 1) return { at: current, kw: 0, partial: true };
  const energy = await sampleEnergy(db, { scope, filter, from: current, to: now });
  return { at: current, kw: kwOf(energy.get(current.getTime()) ?? 0, seconds), partial: true };
}
