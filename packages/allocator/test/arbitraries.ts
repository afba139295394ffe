import fc from 'fast-check';
import { PHASE_ROTATIONS, type AllocationInput, type CircuitInput, type EvseSession } from '../src/model.ts';

// Random sites of up to three levels (main → feeders → sub-circuits) of 1- and 3-phase circuits
// with current and/or power capacities, margins and time-varying limits, and random sessions on
// them: any phases, rotations, ranges, measured draws, priorities, offline EVSEs.

const amps = (min: number, max: number) => fc.integer({ min: min * 10, max: max * 10 }).map((d) => d / 10);

const capacity = fc.oneof(
  fc.record({ maxCurrentA: amps(6, 250) }),
  fc.record({ maxPowerW: fc.integer({ min: 3_000, max: 150_000 }) }),
  fc.record({ maxCurrentA: amps(6, 250), maxPowerW: fc.integer({ min: 3_000, max: 150_000 }) }),
);

const limits = fc.array(fc.record({ from: fc.integer({ min: 0, max: 10_000 }), maxCurrentA: amps(0.1, 250) }), {
  maxLength: 3,
});

const circuitExtras = fc.record({
  capacity,
  voltageV: fc.constantFrom(220, 230, 240),
  safetyMarginPct: fc.constantFrom(0, 0, 5, 10, 20),
  limits,
  phases: fc.constantFrom<1 | 3>(1, 3, 3),
  phase: fc.constantFrom<1 | 2 | 3>(1, 2, 3),
});

type Extras = typeof circuitExtras extends fc.Arbitrary<infer T> ? T : never;

function circuit(id: string, parent: CircuitInput | null, x: Extras): CircuitInput {
  const singleParent = parent?.phases === 1;
  const phases = singleParent ? 1 : x.phases;
  return {
    id,
    parentId: parent?.id ?? null,
    phases,
    ...(phases === 1 ? { phase: singleParent ? parent.phase : x.phase } : {}),
    voltageV: x.voltageV,
    safetyMarginPct: x.safetyMarginPct,
    limits: x.limits,
    ...x.capacity,
  };
}

export const anyTree = fc
  .record({
    root: circuitExtras,
    feeders: fc.array(fc.record({ self: circuitExtras, subs: fc.array(circuitExtras, { maxLength: 3 }) }), {
      maxLength: 4,
    }),
  })
  .map(({ root, feeders }) => {
    const site = circuit('site', null, root);
    const out: CircuitInput[] = [site];
    feeders.forEach((f, i) => {
      const feeder = circuit(`f${i}`, site, f.self);
      out.push(feeder);
      f.subs.forEach((s, j) => out.push(circuit(`f${i}s${j}`, feeder, s)));
    });
    return out;
  });

const sessionExtras = fc.record({
  evsePhases: fc.constantFrom<1 | 3>(1, 3),
  phaseRotation: fc.option(fc.constantFrom(...PHASE_ROTATIONS), { nil: undefined }),
  phasesInUse: fc.option(fc.constantFrom<1 | 2 | 3>(1, 2, 3), { nil: undefined }),
  minCurrentA: amps(0, 16),
  span: amps(0, 63),
  ev: fc.option(
    fc.record({
      minCurrentA: fc.option(amps(0, 16), { nil: undefined }),
      maxCurrentA: fc.option(amps(1, 63), { nil: undefined }),
    }),
    {
      nil: undefined,
    },
  ),
  measuredCurrentA: fc.option(amps(0, 63), { nil: undefined }),
  priority: fc.integer({ min: 0, max: 3 }),
  arrivedAt: fc.integer({ min: 0, max: 1_000 }),
  offline: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
  lastLimitA: fc.option(amps(0, 63), { nil: undefined }),
  idle: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  fallbackA: fc.option(amps(0, 16), { nil: undefined }),
  circuitPick: fc.nat(),
});

export const anyInput = anyTree.chain((circuits) =>
  fc.record({
    circuits: fc.constant(circuits),
    sessions: fc.array(sessionExtras, { maxLength: 30 }).map((xs) =>
      xs.map((x, i): EvseSession => ({
        evseId: `e${i}`,
        circuitId: circuits[x.circuitPick % circuits.length]!.id,
        evsePhases: x.evsePhases,
        ...(x.phaseRotation ? { phaseRotation: x.phaseRotation } : {}),
        ...(x.phasesInUse ? { phasesInUse: x.phasesInUse } : {}),
        minCurrentA: x.minCurrentA,
        maxCurrentA: x.minCurrentA + x.span,
        ...(x.ev ? { ev: x.ev } : {}),
        ...(x.measuredCurrentA !== undefined ? { measuredCurrentA: x.measuredCurrentA } : {}),
        priority: x.priority,
        arrivedAt: x.arrivedAt,
        ...(x.offline ? { offline: true, ...(x.lastLimitA !== undefined ? { lastLimitA: x.lastLimitA } : {}) } : {}),
        ...(x.idle && !x.offline ? { idle: true } : {}),
        ...(x.fallbackA !== undefined ? { fallbackA: x.fallbackA } : {}),
      })),
    ),
    policy: fc.record({
      kind: fc.constantFrom('equal-share' as const, 'priority' as const, 'first-come' as const),
      hysteresisA: fc.constantFrom(0, 0.5, 1, 2),
      closedLoop: fc.constantFrom(false as const, { headroomA: 3, headroomPct: 25 }),
    }),
    at: fc.integer({ min: 0, max: 12_000 }),
    previous: fc.option(fc.array(fc.record({ evseId: fc.nat({ max: 35 }).map((i) => `e${i}`), limitA: amps(0, 63) })), {
      nil: undefined,
    }),
  }),
) satisfies fc.Arbitrary<AllocationInput>;
