import type { Db } from '@magma/db';
import type { Bus } from '../bus/types.ts';
import type { CircuitCapacitySource } from './capacity-limits.ts';
import { rebalanceSite, type RebalanceResult } from './rebalance-site.ts';

// The job runner's periodic recompute (#21): the relay rebalances a site on every session start and
// stop, but between those the chargers' draw drifts (the closed loop hands what an EV leaves unused
// to the others, and gives it back as it ramps up) and capacities change with time (a peak window
// opens, a grid forecast's next block starts). Every minute the worker rebalances each site where
// load balancing holds a session or a limit; a rebalance that changes nothing sends nothing, and the
// advisory lock in rebalanceSite keeps it from running beside a relay's rebalance of the same site.

export type RecomputeResult = {
  sites: number;
  /** Sessions' limits accepted. */
  sent: number;
  /** EVSE fallbacks accepted. */
  fallbacks: number;
  failed: { tenantId: string; siteId: string; error: string }[];
  /** The earliest capacity change ahead among the sites (the next edge to recompute at). */
  nextCapacityChangeAt: number | null;
};

/**
 * Sites (of every tenant) with a balanced EVSE that has a running session or holds a limit, or that
 * is on a connected charger (its fallback may still be missing: first balanced while the charger was
 * away, or the charger came back).
 */
export async function sitesToRecompute(db: Db): Promise<{ tenantId: string; siteId: string }[]> {
  const rows = await db.$queryRaw<{ tenantId: string; siteId: string }[]>`
    SELECT DISTINCT c."tenantId", c."siteId"
    FROM "LoadCircuitEvse" e
    JOIN "LoadCircuit" c ON c.id = e."circuitId"
    WHERE e."lastLimitA" IS NOT NULL
       OR EXISTS (SELECT 1 FROM "Charger" ch WHERE ch.id = e."chargerId" AND ch.online)
       OR EXISTS (
         SELECT 1 FROM "Transaction" t
         WHERE t."tenantId" = e."tenantId" AND t."chargerId" = e."chargerId"
           AND t."evseId" = e."evseId" AND t.status = 'ACTIVE'
       )
    ORDER BY c."tenantId", c."siteId"`;
  return rows.map((r) => ({ tenantId: String(r.tenantId), siteId: String(r.siteId) }));
}

export async function recomputeSites({
  db,
  bus,
  now = () => Date.now(),
  timeoutMs,
  sources,
  signal,
}: {
  db: Db;
  bus: Bus;
  now?: () => number;
  timeoutMs?: number;
  sources?: readonly CircuitCapacitySource[];
  signal?: AbortSignal;
}): Promise<RecomputeResult> {
  const out: RecomputeResult = { sites: 0, sent: 0, fallbacks: 0, failed: [], nextCapacityChangeAt: null };
  for (const { tenantId, siteId } of await sitesToRecompute(db)) {
    if (signal?.aborted) break;
    let r: RebalanceResult;
    try {
      r = await rebalanceSite({ db, bus, tenantId, siteId, now: now(), timeoutMs, ...(sources ? { sources } : {}) });
    } catch (e) {
      out.failed.push({ tenantId, siteId, error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    out.sites++;
    out.sent += r.sent.filter((s) => s.answer === 'Accepted').length;
    out.fallbacks += r.fallbacks.filter((s) => s.answer === 'Accepted').length;
    for (const s of [...r.sent, ...r.fallbacks]) {
      if (s.answer !== 'Accepted') {
        out.failed.push({
          tenantId,
          siteId,
          error: `${s.chargerId}/${s.evseId}: ${s.error ?? s.answer ?? 'no answer'}`,
        });
      }
    }
    for (const c of r.fallbacksCleared) {
      if (c.answer !== 'Accepted') {
        out.failed.push({
          tenantId,
          siteId,
          error: `${c.chargerId}/${c.evseId}: clearing its fallback: ${c.error ?? c.answer ?? 'no answer'}`,
        });
      }
    }
    if (
      r.nextCapacityChangeAt !== null &&
      (out.nextCapacityChangeAt === null || r.nextCapacityChangeAt < out.nextCapacityChangeAt)
    ) {
      out.nextCapacityChangeAt = r.nextCapacityChangeAt;
    }
  }
  return out;
}
