import type { CircuitInput, PolicyKind } from '@magma/allocator';
import type { LoadPolicy } from '@magma/db';

// A site's stored circuits in the allocator's vocabulary.

export type CircuitRow = {
  id: string;
  parentId: string | null;
  phases: number;
  phase: number | null;
  voltageV: number;
  maxCurrentA: number | null;
  maxPowerW: number | null;
  safetyMarginPct: number;
  policy: LoadPolicy;
  hysteresisA: number;
  enabled: boolean;
  /** The offline fallback set on it (A per phase); null or absent: its parent's. */
  fallbackCurrentA?: number | null;
};

export const POLICY_KIND: Record<LoadPolicy, PolicyKind> = {
  EQUAL_SHARE: 'equal-share',
  PRIORITY: 'priority',
  FIRST_COME: 'first-come',
};

/** Every row as an allocator circuit (enabled or not): for checking a tree before it is written. */
export function circuitsForAllocator(rows: readonly CircuitRow[]): CircuitInput[] {
  return rows.map((c) => ({
    id: c.id,
    parentId: c.parentId,
    phases: c.phases === 1 ? 1 : 3,
    ...(c.phase ? { phase: c.phase as 1 | 2 | 3 } : {}),
    voltageV: c.voltageV,
    ...(c.maxCurrentA !== null ? { maxCurrentA: c.maxCurrentA } : {}),
    ...(c.maxPowerW !== null ? { maxPowerW: c.maxPowerW } : {}),
    safetyMarginPct: c.safetyMarginPct,
  }));
}

export type BalancedTree = {
  circuits: CircuitInput[];
  /** Where an EVSE attached to a circuit is counted: the circuit, or its nearest enabled ancestor. */
  effective: Map<string, string>;
  /** The site's top circuit: its policy and hysteresis are the site's. */
  root: CircuitRow;
};

/**
 * The enabled part of the tree: a disabled circuit stops constraining, and what hangs from it
 * is counted under its nearest enabled ancestor. A disabled (or missing) top circuit: the site is
 * not balanced (null).
 */
export function balancedTree(rows: readonly CircuitRow[]): BalancedTree | null {
  const byId = new Map(rows.map((c) => [c.id, c]));
  const root = rows.find((c) => c.parentId === null && c.enabled);
  if (!root) return null;
  const effective = new Map<string, string>();
  const resolve = (id: string, depth = 0): string | null => {
    const c = byId.get(id);
    if (!c || depth > rows.length) return null;
    if (c.enabled) return c.id;
    return c.parentId === null ? null : resolve(c.parentId, depth + 1);
  };
  const kept: CircuitRow[] = [];
  for (const c of rows) {
    const e = resolve(c.id);
    if (e === null) continue;
    effective.set(c.id, e);
    if (c.enabled) kept.push({ ...c, parentId: c.parentId === null ? null : resolve(c.parentId) });
  }
  // Only the tree under the chosen top circuit is balanced; another top circuit is another site's concern.
  const underRoot = (c: CircuitRow): boolean =>
    c.id === root.id || (c.parentId !== null && underRoot(kept.find((k) => k.id === c.parentId)!));
  const tree = kept.filter((c) => underRoot(c));
  const inTree = new Set(tree.map((c) => c.id));
  for (const [id, e] of effective) if (!inTree.has(e)) effective.delete(id);
  return { circuits: circuitsForAllocator(tree), effective, root };
}

/**
 * The offline fallback each circuit's EVSEs get (A per phase): the nearest one set on the circuit
 * or above it, disabled circuits included (a disabled circuit stops constraining, not what its
 * operator chose for its EVSEs); null: none set up to the top, each EVSE's minimum.
 */
export function fallbackSettings(rows: readonly CircuitRow[]): Map<string, number | null> {
  const byId = new Map(rows.map((c) => [c.id, c]));
  const out = new Map<string, number | null>();
  const resolve = (c: CircuitRow, depth: number): number | null => {
    const known = out.get(c.id);
    if (known !== undefined) return known;
    const own = c.fallbackCurrentA ?? null;
    const parent = c.parentId === null ? undefined : byId.get(c.parentId);
    const v = own !== null || !parent || depth > rows.length ? own : resolve(parent, depth + 1);
    out.set(c.id, v);
    return v;
  };
  for (const c of rows) resolve(c, 0);
  return out;
}
