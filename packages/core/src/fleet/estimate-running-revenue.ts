import { Prisma, type Db } from '@magma/db';
import { estimateTransactionCost } from '../tariffs/estimate-transaction-cost.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import { evseFilterSql, fleetFilterKey, isEmptyFleetFilter, type FleetFilter } from './fleet-filter.ts';
import { ownScopeSql } from './sql-scope.ts';

export type RunningRevenue = {
  /** Sum of the running sessions' cost so far, before tax (like Transaction.costMinor). */
  estimateMinor: number;
  sessions: number;
  /** Sessions that had a tariff to price them with. */
  priced: number;
  /** True when there were more running sessions than one estimate covers. */
  partial: boolean;
  at: Date;
};

const MAX_SESSIONS = 500;
const CONCURRENCY = 4;
const FRESH_MS = 30_000;
const MAX_ENTRIES = 500;

type Entry = { value: RunningRevenue | null; at: number; pending?: Promise<void> };
const entries = new Map<string, Entry>();

/** Prices every running session of the scope (and filter) with its tariff (the tariff engine's estimate). */
export async function computeRunningRevenue({
  db,
  scope,
  now = new Date(),
  filter,
}: {
  db: Db;
  scope: Scope;
  now?: Date;
  filter?: FleetFilter;
}): Promise<RunningRevenue> {
  const only = isEmptyFleetFilter(filter)
    ? undefined
    : (
        await db.$queryRaw<{ id: string }[]>`
          SELECT t.id FROM "Transaction" t WHERE ${ownScopeSql(scope, 't')} AND t.status = 'ACTIVE'
            AND ${evseFilterSql(scope, filter, { charger: Prisma.sql`t."chargerId"`, evse: Prisma.sql`t."evseId"` })}
          ORDER BY t."startedAt" LIMIT ${MAX_SESSIONS + 1}`
      ).map((r) => r.id);
  const running = await scopedDb(db, scope).transaction.findMany({
    where: { status: 'ACTIVE', ...(only ? { id: { in: only } } : {}) },
    orderBy: { startedAt: 'asc' },
    take: MAX_SESSIONS + 1,
    select: { id: true, costMinor: true },
  });
  const batch = running.slice(0, MAX_SESSIONS);
  let estimateMinor = 0;
  let priced = 0;
  for (let i = 0; i < batch.length; i += CONCURRENCY) {
    const part = await Promise.all(
      batch.slice(i, i + CONCURRENCY).map(async (tx) => {
        const estimate = await estimateTransactionCost({
          db,
          tenantId: scope.tenantId,
          transactionId: tx.id,
          now,
        }).catch(() => null);
        return estimate ? estimate.subtotalMinor : tx.costMinor;
      }),
    );
    for (const minor of part) {
      if (minor === null) continue;
      estimateMinor += minor;
      priced += 1;
    }
  }
  return { estimateMinor, sessions: batch.length, priced, partial: running.length > MAX_SESSIONS, at: now };
}

/**
 * The running-revenue estimate of a scope, stale-while-revalidate: callers get the last estimate
 * at once (waiting at most `maxWaitMs` for the very first one) while a fresh one is computed in
 * the background, so the live KPI refresh never waits for hundreds of tariff estimates.
 */
export async function runningRevenue({
  db,
  scope,
  now,
  maxWaitMs = 300,
  filter,
}: {
  db: Db;
  scope: Scope;
  now?: Date;
  maxWaitMs?: number;
  filter?: FleetFilter;
}): Promise<RunningRevenue | null> {
  const key = `${scope.tenantId}:${scope.vendorId ?? '*'}:${fleetFilterKey(filter)}`;
  let entry = entries.get(key);
  if (!entry) {
    // Filters make keys: keep the map small by dropping estimates that went stale.
    if (entries.size >= MAX_ENTRIES)
      for (const [k, v] of entries) if (!v.pending && Date.now() - v.at > FRESH_MS) entries.delete(k);
    entry = { value: null, at: 0 };
    entries.set(key, entry);
  }
  const e = entry;
  if (Date.now() - e.at > FRESH_MS && !e.pending) {
    e.pending = computeRunningRevenue({ db, scope, now, filter })
      .then((value) => {
        e.value = value;
        e.at = Date.now();
      })
      .catch(() => {})
      .finally(() => {
        e.pending = undefined;
      });
  }
  if (e.value === null && e.pending) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([e.pending, new Promise((r) => (timer = setTimeout(r, maxWaitMs)))]);
    clearTimeout(timer);
  }
  return e.value;
}
