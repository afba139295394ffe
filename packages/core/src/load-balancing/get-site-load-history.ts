import type { Db } from '@magma/db';
import { z } from 'zod';
import { BUCKET_MINUTES, getPowerChart } from '../fleet/get-power-chart.ts';
import type { Scope } from '../tenancy/scope.ts';
import { capacityBlocks, effectiveCapacity, type CircuitCapacitySource } from './capacity-limits.ts';
import { siteInScope } from './site-in-scope.ts';
import { balancedTree } from './site-tree.ts';

// The load-balancing page's history (#21): what the site drew over the last 24 hours in 5-minute
// buckets, against what its top circuit allowed. The draw is the fleet power chart's, narrowed to
// the site's chargers (the same rollup and the same live bucket); the capacity is the top circuit's
// configured one lowered by every capacity block in force (the tariff's peak windows, grid
// operators' forecasts), after its safety margin, as the allocator applies it.

export const getSiteLoadHistoryInput = z.object({ siteId: z.uuid() });
export type GetSiteLoadHistoryInput = z.input<typeof getSiteLoadHistoryInput>;

export type SiteLoadPoint = {
  at: Date;
  /** Average drawn power over the bucket (the live one: over the time gone so far), kW, 2 decimals. */
  drawnKw: number;
  /** The lowest capacity of the top circuit during the bucket, W after the margin; null when not balanced. */
  capacityW: number | null;
  /** Labels of the blocks lowering the capacity during the bucket ("Peak 18:00–22:00"). */
  limitedBy: string[];
  partial?: boolean;
};

export type SiteLoadHistory = {
  siteId: string;
  /** The top (enabled) circuit whose capacity is drawn; null when the site is not balanced. */
  circuit: { id: string; name: string } | null;
  bucketMinutes: number;
  points: SiteLoadPoint[];
};

const BUCKET_MS = BUCKET_MINUTES * 60_000;

/** W over all phases after the margin: the lower of the power and current capacities (as getSiteAllocation). */
function capacityAfterMargin(
  c: { maxCurrentA: number | null; maxPowerW: number | null },
  root: { phases: number; voltageV: number; safetyMarginPct: number },
): number | null {
  const keep = (100 - root.safetyMarginPct) / 100;
  const caps = [
    c.maxPowerW !== null ? c.maxPowerW * keep : Infinity,
    c.maxCurrentA !== null ? c.maxCurrentA * keep * root.voltageV * root.phases : Infinity,
  ];
  const w = Math.min(...caps);
  return Number.isFinite(w) ? Math.max(0, Math.floor(w)) : null;
}

export async function getSiteLoadHistory({
  db,
  scope,
  input,
  now = new Date(),
  sources,
}: {
  db: Db;
  scope: Scope;
  input: GetSiteLoadHistoryInput;
  now?: Date;
  /** The capacity sources (tests); every registered one by default. */
  sources?: readonly CircuitCapacitySource[];
}): Promise<SiteLoadHistory> {
  const { siteId } = getSiteLoadHistoryInput.parse(input);
  await siteInScope(db, scope, siteId);
  const tenantId = scope.tenantId;
  const [drawn, rows] = await Promise.all([
    getPowerChart({ db, scope, hours: 24, now, live: true, filter: { siteId: [siteId] } }),
    db.loadCircuit.findMany({ where: { tenantId, siteId } }),
  ]);
  const tree = balancedTree(rows);
  const top = tree ? rows.find((r) => r.id === tree.root.id) : undefined;
  if (!tree || !top || drawn.length === 0) {
    return {
      siteId,
      circuit: top ? { id: top.id, name: top.name } : null,
      bucketMinutes: BUCKET_MINUTES,
      points: drawn.map((p) => ({ at: p.at, drawnKw: p.kw, capacityW: null, limitedBy: [], ...partialOf(p) })),
    };
  }
  const root = top;
  const from = drawn[0]!.at.getTime();
  const to = drawn[drawn.length - 1]!.at.getTime() + BUCKET_MS;
  const blocks = await capacityBlocks(
    { db, tenantId, siteId, topCircuitId: root.id, topCircuit: root, from, to },
    ...(sources ? [sources] : []),
  );
  const mine = blocks.filter((b) => b.circuitId === root.id);
  const points = drawn.map((p): SiteLoadPoint => {
    const start = p.at.getTime();
    const end = p.partial ? Math.max(start + 1, now.getTime()) : start + BUCKET_MS;
    // The capacity may change inside the bucket (a window starting off the 5-minute grid): the
    // lowest one in force during it counts.
    const instants = [start];
    for (const b of mine) for (const t of [b.from, b.to]) if (t !== null && t > start && t < end) instants.push(t);
    let capacityW: number | null = null;
    const labels = new Set<string>();
    for (const t of instants) {
      const eff = effectiveCapacity(root, mine, t);
      const w = capacityAfterMargin(eff, root);
      if (w !== null && (capacityW === null || w < capacityW)) capacityW = w;
      for (const l of eff.labels) labels.add(l);
    }
    return { at: p.at, drawnKw: p.kw, capacityW, limitedBy: [...labels], ...partialOf(p) };
  });
  return { siteId, circuit: { id: root.id, name: root.name }, bucketMinutes: BUCKET_MINUTES, points };
}

const partialOf = (p: { partial?: boolean }) => (p.partial ? { partial: true as const } : {});
