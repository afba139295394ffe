import { z } from 'zod';
import { AllocatorInputError, circuitSchema, type Circuit, type CircuitInput, type EvseSession } from './model.ts';

// The circuit tree compiled into linear constraints over integer deci-amperes (0.1 A), so that
// every sum and comparison is exact and a limit is never over a capacity by a rounding error:
//
// - one per phase of a circuit with a current capacity: Σ (limit of every EVSE under it that can
//   draw on that site phase) ≤ capacity;
// - one per circuit with a power capacity, in deci-ampere-phases at the circuit's voltage:
//   Σ (limit × phases drawn) ≤ W / V.
//
// An EVSE whose phase is not known is counted on every site phase it could be wired to: safe on
// every phase, at the cost of some headroom.

export type Constraint = { circuitId: string; cap: number };
export type LoadEntry = { constraint: number; coeff: number };

export type CompiledCircuit = {
  circuit: Circuit;
  /** Site phase (0..2) of a 1-phase circuit (own or inherited), null for 3-phase. */
  sitePhase: 0 | 1 | 2 | null;
  /** This circuit then its ancestors up to the top. */
  chain: string[];
  phaseConstraint: [number, number, number];
  powerConstraint: number;
  capacityA: [number | null, number | null, number | null];
  capacityW: number | null;
};

export type CompiledTree = {
  circuits: Map<string, CompiledCircuit>;
  constraints: Constraint[];
};

export type EvseLoad = { entries: LoadEntry[]; phases: 1 | 2 | 3; voltageV: number };

const EPS = 1e-6;
const ROTATION_PHASE: Record<string, 0 | 1 | 2> = { R: 0, S: 1, T: 2 };

/** Deci-amperes, rounded down (a capacity, a maximum). */
export const floorDa = (a: number) => Math.floor(a * 10 + EPS);
/** Deci-amperes, rounded up (a minimum). */
export const ceilDa = (a: number) => Math.ceil(a * 10 - EPS);

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/** The time-varying limit in force at `at`: the latest `from` not after it. */
function limitAt(circuit: Circuit, at: number) {
  let best: Circuit['limits'][number] | undefined;
  for (const l of circuit.limits) if (l.from <= at && (!best || l.from >= best.from)) best = l;
  return best;
}

export function compileCircuits(input: readonly CircuitInput[], at: number): CompiledTree {
  const byId = new Map<string, Circuit>();
  for (const raw of input) {
    const c = circuitSchema.parse(raw);
    if (byId.has(c.id)) throw new AllocatorInputError(`circuit ${c.id} is listed twice`);
    byId.set(c.id, c);
  }
  const circuits = new Map<string, CompiledCircuit>();
  const constraints: Constraint[] = [];

  const compile = (id: string, seen: Set<string>): CompiledCircuit => {
    const done = circuits.get(id);
    if (done) return done;
    const c = byId.get(id);
    if (!c) throw new AllocatorInputError(`unknown circuit ${id}`);
    if (seen.has(id)) throw new AllocatorInputError(`circuit ${id} is its own ancestor`);
    seen.add(id);
    const parent = c.parentId === null ? null : compile(c.parentId, seen);
    if (c.parentId !== null && !parent) throw new AllocatorInputError(`unknown parent of ${id}`);

    let sitePhase: 0 | 1 | 2 | null = null;
    if (parent?.sitePhase != null) {
      if (c.phases === 3) throw new AllocatorInputError(`3-phase circuit ${id} under 1-phase ${c.parentId}`);
      if (c.phase !== undefined && c.phase - 1 !== parent.sitePhase) {
        throw new AllocatorInputError(`circuit ${id} is on L${c.phase} but its parent on L${parent.sitePhase + 1}`);
      }
      sitePhase = parent.sitePhase;
    } else if (c.phases === 1) {
      sitePhase = ((c.phase ?? 1) - 1) as 0 | 1 | 2;
    }

    const timed = limitAt(c, at);
    const keep = (100 - c.safetyMarginPct) / 100;
    const amps = minDefined(c.maxCurrentA, timed?.maxCurrentA);
    const watts = minDefined(c.maxPowerW, timed?.maxPowerW);
    const phaseConstraint: [number, number, number] = [-1, -1, -1];
    const capacityA: [number | null, number | null, number | null] = [null, null, null];
    if (amps !== undefined) {
      const cap = Math.max(0, floorDa(amps * keep));
      for (const p of [0, 1, 2] as const) {
        if (sitePhase !== null && p !== sitePhase) continue;
        phaseConstraint[p] = constraints.push({ circuitId: id, cap }) - 1;
        capacityA[p] = cap / 10;
      }
    }
    let powerConstraint = -1;
    let capacityW: number | null = null;
    if (watts !== undefined) {
      const cap = Math.max(0, floorDa((watts * keep) / c.voltageV));
      powerConstraint = constraints.push({ circuitId: id, cap }) - 1;
      capacityW = Math.floor(watts * keep + EPS);
    }
    const compiled: CompiledCircuit = {
      circuit: c,
      sitePhase,
      chain: [id, ...(parent?.chain ?? [])],
      phaseConstraint,
      powerConstraint,
      capacityA,
      capacityW,
    };
    circuits.set(id, compiled);
    return compiled;
  };

  for (const id of byId.keys()) compile(id, new Set());
  return { circuits, constraints };
}

/** The site phases an EVSE's limit may be drawn on, and how many phases it draws at once. */
export function evsePhases(session: EvseSession, sitePhase: 0 | 1 | 2 | null): { on: (0 | 1 | 2)[]; count: 1 | 2 | 3 } {
  if (sitePhase !== null) return { on: [sitePhase], count: 1 };
  const count = (session.evsePhases === 1 ? 1 : Math.min(3, session.phasesInUse ?? 3)) as 1 | 2 | 3;
  if (count === 3) return { on: [0, 1, 2], count };
  if (!session.phaseRotation) return { on: [0, 1, 2], count };
  const on = [...session.phaseRotation.slice(0, count)].map((letter) => ROTATION_PHASE[letter] as 0 | 1 | 2);
  return { on, count };
}

/** The constraints an EVSE's limit counts in, with its coefficient in each. */
export function evseLoad(tree: CompiledTree, session: EvseSession): EvseLoad {
  const leaf = tree.circuits.get(session.circuitId);
  if (!leaf) throw new AllocatorInputError(`EVSE ${session.evseId} is on unknown circuit ${session.circuitId}`);
  const { on, count } = evsePhases(session, leaf.sitePhase);
  const entries: LoadEntry[] = [];
  for (const id of leaf.chain) {
    const c = tree.circuits.get(id) as CompiledCircuit;
    for (const p of on) {
      const k = c.phaseConstraint[p];
      if (k >= 0) entries.push({ constraint: k, coeff: 1 });
    }
    if (c.powerConstraint >= 0) entries.push({ constraint: c.powerConstraint, coeff: count });
  }
  return { entries, phases: count, voltageV: leaf.circuit.voltageV };
}

export const circuitTreeSchema = z.array(circuitSchema).max(10_000);

/** Everything wrong with a circuit tree from outside (an operator's edit), as messages; empty when allocate() can use it. */
export function circuitTreeProblems(input: unknown): string[] {
  const parsed = circuitTreeSchema.safeParse(input);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.') || 'circuits'}: ${i.message}`);
  try {
    compileCircuits(parsed.data, 0);
    return [];
  } catch (e) {
    if (e instanceof AllocatorInputError) return [e.message];
    throw e;
  }
}
