import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyInput } from '../test/arbitraries.ts';
import { allocate } from './allocate.ts';
import type { Allocation, AllocationInput, CircuitInput, EvseSession } from './model.ts';

// The site is re-derived here from the input alone (capacities, the phases each EVSE can draw on,
// what lies under each circuit) in deci-amperes, the allocator's stated unit and rounding, and
// every allocation is checked against it.

const RUNS = { numRuns: 300 };
const EPS = 1e-6;
const da = (a: number) => Math.round(a * 10);

type Site = {
  circuits: Map<string, CircuitInput>;
  under: (circuitId: string, s: EvseSession) => boolean;
  sitePhase: (circuitId: string) => number | null;
  capDa: (c: CircuitInput) => number | null;
  capUnits: (c: CircuitInput) => number | null;
  drawsOn: (s: EvseSession) => number[];
  count: (s: EvseSession) => number;
};

function site(input: AllocationInput): Site {
  const circuits = new Map(input.circuits.map((c) => [c.id, c]));
  const parent = (id: string) => circuits.get(id)!.parentId ?? null;
  const under = (circuitId: string, s: EvseSession) => {
    for (let id: string | null = s.circuitId; id; id = parent(id)) if (id === circuitId) return true;
    return false;
  };
  const sitePhase = (id: string): number | null => {
    for (let c: string | null = id; c; c = parent(c)) {
      const circuit = circuits.get(c)!;
      if (circuit.phases === 1) return (circuit.phase ?? 1) - 1;
    }
    return null;
  };
  const timed = (c: CircuitInput) => {
    const due = (c.limits ?? []).filter((l) => l.from <= input.at);
    const latest = Math.max(...due.map((l) => l.from));
    return due.filter((l) => l.from === latest).pop();
  };
  const keep = (c: CircuitInput) => (100 - (c.safetyMarginPct ?? 0)) / 100;
  const capDa = (c: CircuitInput) => {
    const a = [c.maxCurrentA, timed(c)?.maxCurrentA].filter((x) => x !== undefined);
    return a.length ? Math.floor(Math.min(...a) * keep(c) * 10 + EPS) : null;
  };
  const capUnits = (c: CircuitInput) => {
    const w = [c.maxPowerW, timed(c)?.maxPowerW].filter((x) => x !== undefined);
    return w.length ? Math.floor(((Math.min(...w) * keep(c)) / (c.voltageV ?? 230)) * 10 + EPS) : null;
  };
  const count = (s: EvseSession) => (s.evsePhases === 1 ? 1 : (s.phasesInUse ?? 3));
  const drawsOn = (s: EvseSession) => {
    const p = sitePhase(s.circuitId);
    if (p !== null) return [p];
    const n = count(s);
    if (n === 3 || !s.phaseRotation) return [0, 1, 2];
    return [...s.phaseRotation.slice(0, n)].map((l) => 'RST'.indexOf(l));
  };
  return {
    circuits,
    under,
    sitePhase,
    capDa,
    capUnits,
    drawsOn,
    count: (s) => (sitePhase(s.circuitId) !== null ? 1 : count(s)),
  };
}

const effMin = (s: EvseSession) => Math.ceil(Math.max(s.minCurrentA, s.ev?.minCurrentA ?? 0) * 10 - EPS);
const effMax = (s: EvseSession) => Math.floor(Math.min(s.maxCurrentA, s.ev?.maxCurrentA ?? Infinity) * 10 + EPS);
const fallbackDa = (s: EvseSession) => Math.max(0, Math.floor((s.fallbackA ?? 0) * 10 + EPS));
/** What an EVSE keeps reserved whatever its limit: its fallback (idle, paused or charging; not offline). */
const reserveDa = (s: EvseSession) => (s.offline ? 0 : fallbackDa(s));

/** For every circuit: per-phase and power load in deci-amperes of the given per-EVSE amounts. */
function overloads(
  input: AllocationInput,
  st: Site,
  amount: (s: EvseSession) => number,
  only?: (c: CircuitInput) => boolean,
) {
  const out: { circuit: CircuitInput; phase: number | 'W' }[] = [];
  for (const c of st.circuits.values()) {
    if (only && !only(c)) continue;
    const mine = input.sessions.filter((s) => st.under(c.id, s));
    const cap = st.capDa(c);
    if (cap !== null) {
      const phases = st.sitePhase(c.id) === null ? [0, 1, 2] : [st.sitePhase(c.id)!];
      for (const p of phases) {
        const load = mine.filter((s) => st.drawsOn(s).includes(p)).reduce((a, s) => a + amount(s), 0);
        if (load > cap) out.push({ circuit: c, phase: p });
      }
    }
    const units = st.capUnits(c);
    if (units !== null && mine.reduce((a, s) => a + amount(s) * st.count(s), 0) > units)
      out.push({ circuit: c, phase: 'W' });
  }
  return out;
}

/** A previous allocation close to the one the input gives: hysteresis then has work to do. */
const nearInput = anyInput.chain((input) =>
  fc
    .array(fc.integer({ min: -25, max: 25 }), { minLength: input.sessions.length, maxLength: input.sessions.length })
    .map((nudges): AllocationInput => {
      const base = allocate({ ...input, previous: undefined });
      const previous = base.evses.map((e, i) => ({
        evseId: e.evseId,
        limitA: Math.max(0, da(e.limitA) + nudges[i]!) / 10,
      }));
      return { ...input, previous };
    }),
);
const anyCase = fc.oneof(anyInput, nearInput);

function byId(out: Allocation) {
  return new Map(out.evses.map((e) => [e.evseId, e]));
}

describe('allocator properties', () => {
  it('never puts a circuit over its capacity, per phase or in power, counting idle and paused EVSEs at their fallback (unless offline EVSEs and fallbacks alone do, and then pauses the rest)', () => {
    fc.assert(
      fc.property(anyCase, (input) => {
        const out = byId(allocate(input));
        const st = site(input);
        const held = (s: EvseSession) => Math.max(da(out.get(s.evseId)!.limitA), reserveDa(s));
        for (const { circuit, phase } of overloads(input, st, held)) {
          const victims = input.sessions.filter(
            (s) => st.under(circuit.id, s) && !s.offline && !s.idle && (phase === 'W' || st.drawsOn(s).includes(phase)),
          );
          for (const s of victims) expect(out.get(s.evseId)!.status).toBe('paused');
        }
      }),
      RUNS,
    );
  });

  it('gives every charging session at least its minimum and at most its maximum, in 0.1 A steps; pauses the rest at 0', () => {
    fc.assert(
      fc.property(anyCase, (input) => {
        const out = byId(allocate(input));
        for (const s of input.sessions) {
          const e = out.get(s.evseId)!;
          expect(Number.isInteger(Math.round(e.limitA * 10 * 1e6) / 1e6)).toBe(true);
          if (e.status === 'charging') {
            expect(da(e.limitA)).toBeGreaterThanOrEqual(effMin(s));
            expect(da(e.limitA)).toBeLessThanOrEqual(effMax(s));
          }
          if (e.status === 'paused') {
            expect(e.limitA).toBe(0);
            expect(e.reason).toBeDefined();
          }
          if (e.reason === 'minimum-above-maximum') expect(effMin(s) > effMax(s) || effMax(s) <= 0).toBe(true);
          expect(e.status === 'offline').toBe(s.offline === true);
          expect(e.status === 'idle').toBe(s.idle === true && !s.offline);
          if (e.status === 'idle') {
            expect(da(e.limitA)).toBe(fallbackDa(s));
            expect(e.send).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });

  it('pauses a session only when its minimum does not fit beside the minimums of those ahead of it', () => {
    fc.assert(
      fc.property(anyCase, (input) => {
        const out = byId(allocate(input));
        const st = site(input);
        const prio = input.policy?.kind === 'priority';
        const ahead = (a: EvseSession, b: EvseSession) =>
          (prio ? (b.priority ?? 0) - (a.priority ?? 0) : 0) ||
          a.arrivedAt - b.arrivedAt ||
          (a.evseId < b.evseId ? -1 : 1);
        for (const s of input.sessions) {
          if (out.get(s.evseId)!.reason !== 'no-capacity-for-minimum') continue;
          const amount = (x: EvseSession) => {
            if (x === s) return Math.max(effMin(s), reserveDa(s));
            if (x.offline) return da(out.get(x.evseId)!.limitA);
            return out.get(x.evseId)!.status === 'charging' && ahead(x, s) < 0
              ? Math.max(effMin(x), reserveDa(x))
              : reserveDa(x);
          };
          expect(overloads(input, st, amount, (c) => st.under(c.id, s)).length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it('equal share starves no one: all admitted when all minimums fit, and a session below its maximum sits under a full circuit', () => {
    fc.assert(
      fc.property(anyCase, (raw) => {
        const input = { ...raw, policy: { ...raw.policy, kind: 'equal-share' as const }, previous: undefined };
        const out = byId(allocate(input));
        const st = site(input);
        const allMins = (x: EvseSession) => {
          if (x.offline) return da(out.get(x.evseId)!.limitA);
          if (x.idle) return reserveDa(x);
          return effMin(x) <= effMax(x) && effMax(x) > 0 ? Math.max(effMin(x), reserveDa(x)) : reserveDa(x);
        };
        if (overloads(input, st, allMins).length === 0) {
          for (const e of out.values()) expect(e.reason).not.toBe('no-capacity-for-minimum');
        }
        const charging = input.sessions.filter((s) => out.get(s.evseId)!.status === 'charging');
        for (const s of charging) {
          const limit = da(out.get(s.evseId)!.limitA);
          if (limit >= effMax(s)) continue;
          // Capped by the closed loop is at its own maximum too.
          if (raw.policy?.closedLoop !== false && s.measuredCurrentA !== undefined) continue;
          // Full: less than 0.1 A left for each charging session under it.
          const plusOne = (x: EvseSession) => {
            const e = out.get(x.evseId)!;
            return Math.max(da(e.limitA), reserveDa(x)) + (e.status === 'charging' ? 1 : 0);
          };
          expect(overloads(input, st, plusOne, (c) => st.under(c.id, s)).length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it('is stable: the same input with its own result as the previous allocation sends nothing and changes nothing', () => {
    fc.assert(
      fc.property(anyCase, (input) => {
        const first = allocate(input);
        const second = allocate({ ...input, previous: first.evses });
        expect(second.evses.filter((e) => e.send)).toEqual([]);
        expect(second.evses.map((e) => e.limitA)).toEqual(first.evses.map((e) => e.limitA));
      }),
      RUNS,
    );
  });

  it('does not depend on the order the sessions are listed in', () => {
    fc.assert(
      fc.property(anyCase, (input) => {
        const sorted = (a: Allocation) => [...a.evses].sort((x, y) => (x.evseId < y.evseId ? -1 : 1));
        expect(sorted(allocate({ ...input, sessions: [...input.sessions].reverse() }))).toEqual(
          sorted(allocate(input)),
        );
      }),
      RUNS,
    );
  });
});
