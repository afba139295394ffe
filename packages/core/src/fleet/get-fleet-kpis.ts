import { Prisma, type Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import { runningRevenue } from './estimate-running-revenue.ts';
import { connectorWhereSql, displayStatusSql, type DisplayStatus } from './connector-query.ts';
import { ownScopeSql } from './sql-scope.ts';
import { evseFilterSql, type FleetFilter } from './fleet-filter.ts';

// Sessions longer than this are ignored when counting what was active at an earlier hour; it keeps
// the 7-day comparison an index range scan rather than a scan of every session ever recorded.
const LONGEST_SESSION = Prisma.sql`interval '3 days'`;

export type FleetKpis = {
  at: Date;
  currency: string;
  activeSessions: number;
  /** Average number of sessions active at this time of day over the previous 7 days. */
  activeSessions7dAvg: number;
  /** Energy of the sessions started today (tenant's time zone), running ones so far. */
  energyTodayWh: number;
  /** The same for yesterday, up to this time of day. */
  energyYesterdayWh: number;
  /** Priced revenue (before tax) of the sessions finished today plus the estimate of running ones. */
  revenueTodayMinor: number;
  revenueRunningEstimateMinor: number;
  revenueYesterdayMinor: number;
  connectors: Record<DisplayStatus, number> & { total: number };
};

/** Relative change in percent, or null when there is nothing to compare with. */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return Math.round(((current - previous) / previous) * 1000) / 10;
}

type TenantClock = { timezone: string; currency: string };

/** `tenant` saves a lookup when the caller already resolved it (the tRPC context has). */
export async function getFleetKpis({
  db,
  scope,
  tenant: known,
  now = new Date(),
  estimateWaitMs = 300,
  filter,
}: {
  db: Db;
  scope: Scope;
  tenant?: TenantClock & { id: string };
  now?: Date;
  /** How long the first call of a scope waits for the running-session estimate. */
  estimateWaitMs?: number;
  /** City, site, model, power level: only sessions and connectors of the EVSEs it selects. */
  filter?: FleetFilter;
}): Promise<FleetKpis> {
  const tenant: TenantClock | null =
    known && known.id === scope.tenantId
      ? known
      : await scopedDb(db, scope).tenant.findFirst({ select: { timezone: true, currency: true } });
  if (!tenant) throw new AppError('NOT_FOUND', 'No such tenant');
  const tx = Prisma.sql`${ownScopeSql(scope, 't')}
    AND ${evseFilterSql(scope, filter, { charger: Prisma.sql`t."chargerId"`, evse: Prisma.sql`t."evseId"` })}`;
  const at = Prisma.sql`(${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const dayStart = Prisma.sql`((date_trunc('day', ${now.toISOString()}::timestamptz AT TIME ZONE ${tenant.timezone}) AT TIME ZONE ${tenant.timezone}) AT TIME ZONE 'UTC')`;

  const [sessions, history, statuses, running] = await Promise.all([
    db.$queryRaw<[Record<string, bigint | number | null>]>`
      SELECT
        count(*) FILTER (WHERE t.status = 'ACTIVE')::int AS active,
        COALESCE(sum(t."energyWh") FILTER (WHERE t."startedAt" >= ${dayStart}), 0)::bigint AS "energyToday",
        COALESCE(sum(t."energyWh") FILTER (
          WHERE t."startedAt" >= ${dayStart} - interval '1 day' AND t."startedAt" < ${at} - interval '1 day'), 0)::bigint AS "energyYesterday",
        COALESCE(sum(t."costMinor") FILTER (WHERE t.status = 'COMPLETED' AND t."stoppedAt" >= ${dayStart}), 0)::bigint AS "revenueFinished",
        COALESCE(sum(t."costMinor") FILTER (WHERE t.status = 'ACTIVE'), 0)::bigint AS "revenueRunning",
        COALESCE(sum(t."costMinor") FILTER (
          WHERE t.status = 'COMPLETED' AND t."stoppedAt" >= ${dayStart} - interval '1 day' AND t."stoppedAt" < ${at} - interval '1 day'), 0)::bigint AS "revenueYesterday"
      FROM "Transaction" t
      WHERE ${tx} AND (t.status = 'ACTIVE' OR t."startedAt" >= ${dayStart} - interval '1 day' - ${LONGEST_SESSION})`,
    db.$queryRaw<[{ avg: number | null }]>`
      SELECT avg(n)::float8 AS avg FROM (
        SELECT (SELECT count(*) FROM "Transaction" t
                WHERE ${tx}
                  AND t."startedAt" > ${at} - k * interval '1 day' - ${LONGEST_SESSION}
                  AND t."startedAt" <= ${at} - k * interval '1 day'
                  AND (t."stoppedAt" IS NULL OR t."stoppedAt" > ${at} - k * interval '1 day')) AS n
        FROM generate_series(1, 7) AS k) days`,
    db.$queryRaw<{ status: DisplayStatus; n: number }[]>`
      SELECT ${displayStatusSql} AS status, count(*)::int AS n ${connectorWhereSql(scope, filter ?? {})} GROUP BY 1`,
    runningRevenue({ db, scope, now, maxWaitMs: estimateWaitMs, filter }),
  ]);
  const s = sessions[0];
  const num = (v: bigint | number | null | undefined) => Number(v ?? 0);
  // The tariff engine's estimate of the running sessions when there is one yet, else what is stored.
  const runningMinor = running ? running.estimateMinor : num(s.revenueRunning);
  const connectors = Object.fromEntries(statuses.map((r) => [r.status, r.n])) as FleetKpis['connectors'];
  connectors.total = statuses.reduce((sum, r) => sum + r.n, 0);
  return {
    at: now,
    currency: tenant.currency,
    activeSessions: num(s.active),
    activeSessions7dAvg: Math.round((history[0]?.avg ?? 0) * 10) / 10,
    energyTodayWh: num(s.energyToday),
    energyYesterdayWh: num(s.energyYesterday),
    revenueTodayMinor: num(s.revenueFinished) + runningMinor,
    revenueRunningEstimateMinor: runningMinor,
    revenueYesterdayMinor: num(s.revenueYesterday),
    connectors,
  };
}
