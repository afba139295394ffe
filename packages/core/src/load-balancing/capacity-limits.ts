import type { CircuitLimit } from '@magma/allocator';
import type { Db } from '@magma/db';
import { peakWindowSource } from './peak-window-source.ts';
import { oscpCapacitySource } from '../oscp/forecast-source.ts';

// A circuit's capacity can change with time: the tariff's peak windows cap the site in those hours,
// a grid operator's forecast (OSCP) caps the site's top circuit block by block. Each of those is a
// `CircuitCapacitySource`; the rebalance asks every source for the blocks over a horizon and
// gives the allocator, per circuit, the lowest of them in force at each instant (the allocator
// takes the lower of that and the circuit's configured capacity). The same blocks tell when the
// effective capacity next changes, so the job runner can recompute the site at that edge.
//
// Adding a source: write it beside its domain (its own file; import only types from here), and add
// it to CAPACITY_SOURCES below, or pass `sources` to the functions here (tests).

/** One block of capacity: from `from` (inclusive) until `to` (exclusive; null = open-ended). */
export type CapacityBlock = {
  circuitId: string;
  from: number;
  to: number | null;
  /** Per phase, in A. */
  maxCurrentA?: number;
  /** Over all phases, in W. */
  maxPowerW?: number;
  /** Who set it, for the live view ("Peak 18:00–22:00", "Grid operator X"). */
  label: string;
};

export type CapacityQuery = {
  db: Db;
  tenantId: string;
  siteId: string;
  /** The site's top (enabled) circuit: grid-wide limits apply to it. */
  topCircuitId: string;
  /** Configured capacity of the top circuit, for sources that give a share of it. */
  topCircuit: { maxCurrentA: number | null; maxPowerW: number | null; phases: number; voltageV: number };
  /** The blocks wanted overlap [from, to). */
  from: number;
  to: number;
};

export type CircuitCapacitySource = {
  name: string;
  blocks(query: CapacityQuery): Promise<CapacityBlock[]>;
};

/** How far ahead the rebalance looks for capacity changes (and the next edge to recompute at). */
export const CAPACITY_HORIZON_MS = 24 * 3_600_000;

// Grid operators' forecasts (OSCP) cap the site's top circuit.
const registered: CircuitCapacitySource[] = [peakWindowSource, oscpCapacitySource];

/** The sources every rebalance consults, in every process (relay, web, worker). */
export function capacitySources(): readonly CircuitCapacitySource[] {
  return registered;
}

/** Adds a source for this process (idempotent by name); returns its removal. */
export function registerCapacitySource(source: CircuitCapacitySource): () => void {
  const i = registered.findIndex((s) => s.name === source.name);
  if (i >= 0) registered.splice(i, 1, source);
  else registered.push(source);
  return () => {
    const j = registered.indexOf(source);
    if (j >= 0) registered.splice(j, 1);
  };
}

export async function capacityBlocks(
  query: CapacityQuery,
  sources: readonly CircuitCapacitySource[] = capacitySources(),
): Promise<CapacityBlock[]> {
  const all = await Promise.all(sources.map((s) => s.blocks(query)));
  return all.flat().filter((b) => (b.to === null || b.to > query.from) && b.from < query.to);
}

const minDefined = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

/** The lowest limit of the blocks in force at `at` for one circuit (undefined fields: no limit). */
export function limitAt(
  blocks: readonly CapacityBlock[],
  circuitId: string,
  at: number,
): { maxCurrentA?: number; maxPowerW?: number; labels: string[] } {
  let maxCurrentA: number | undefined;
  let maxPowerW: number | undefined;
  const labels: string[] = [];
  for (const b of blocks) {
    if (b.circuitId !== circuitId || b.from > at || (b.to !== null && b.to <= at)) continue;
    maxCurrentA = minDefined(maxCurrentA, b.maxCurrentA);
    maxPowerW = minDefined(maxPowerW, b.maxPowerW);
    labels.push(b.label);
  }
  return {
    ...(maxCurrentA !== undefined ? { maxCurrentA } : {}),
    ...(maxPowerW !== undefined ? { maxPowerW } : {}),
    labels,
  };
}

/**
 * A circuit's effective capacity at `at`: the lower of its configured capacity and every block in
 * force (the safety margin is applied by the allocator on top of it).
 */
export function effectiveCapacity(
  circuit: { id: string; maxCurrentA: number | null; maxPowerW: number | null },
  blocks: readonly CapacityBlock[],
  at: number,
): { maxCurrentA: number | null; maxPowerW: number | null; labels: string[] } {
  const l = limitAt(blocks, circuit.id, at);
  return {
    maxCurrentA: minDefined(circuit.maxCurrentA ?? undefined, l.maxCurrentA) ?? null,
    maxPowerW: minDefined(circuit.maxPowerW ?? undefined, l.maxPowerW) ?? null,
    labels: l.labels,
  };
}

/** The allocator's `limits` for one circuit at `at` (empty when nothing limits it then). */
export function allocatorLimits(blocks: readonly CapacityBlock[], circuitId: string, at: number): CircuitLimit[] {
  const l = limitAt(blocks, circuitId, at);
  if (l.maxCurrentA === undefined && l.maxPowerW === undefined) return [];
  return [
    {
      from: at,
      ...(l.maxCurrentA !== undefined ? { maxCurrentA: l.maxCurrentA } : {}),
      ...(l.maxPowerW !== undefined ? { maxPowerW: l.maxPowerW } : {}),
    },
  ];
}

/** The first instant after `at` where some block starts or ends: the effective capacity may change there. */
export function nextCapacityEdge(blocks: readonly CapacityBlock[], at: number): number | null {
  let next: number | null = null;
  for (const b of blocks) {
    for (const t of [b.from, b.to]) if (t !== null && t > at && (next === null || t < next)) next = t;
  }
  return next;
}
