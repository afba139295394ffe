import { describe, expect, it } from 'vitest';
import { aCircuit, aSession } from '../test/builders.ts';
import { allocate } from './allocate.ts';
import { circuitTreeProblems } from './circuits.ts';
import { AllocatorInputError, type AllocationInput, type PolicyInput } from './model.ts';

const site1 = [aCircuit({ id: 'site', phases: 1, maxCurrentA: 32 })];
const three = ['a', 'b', 'c'].map((evseId, i) => aSession({ evseId, arrivedAt: i }));
const limits = (input: AllocationInput) => Object.fromEntries(allocate(input).evses.map((e) => [e.evseId, e.limitA]));

describe('allocate: hand-computed tables', () => {
  it.each<[string, AllocationInput, Record<string, number>]>([
    // 320 dA / 3 = 106 r 2: 10.6 A each, rounded down to 0.1 A, 0.2 A left unallocated.
    [
      '32 A single-phase site, three 6–32 A EVSEs',
      { circuits: site1, sessions: three, at: 0 },
      { a: 10.6, b: 10.6, c: 10.6 },
    ],
    [
      '3-phase site, 1-phase EVSEs of unknown rotation count on every phase',
      { circuits: [aCircuit({ id: 'site' })], sessions: three, at: 0 },
      { a: 10.6, b: 10.6, c: 10.6 },
    ],
    [
      '3-phase site, 1-phase EVSEs rotated onto three different phases each get a phase',
      {
        circuits: [aCircuit({ id: 'site' })],
        sessions: [
          aSession({ evseId: 'a', phaseRotation: 'RST' }),
          aSession({ evseId: 'b', phaseRotation: 'STR' }),
          aSession({ evseId: 'c', phaseRotation: 'TRS' }),
        ],
        at: 0,
      },
      { a: 32, b: 32, c: 32 },
    ],
    [
      'six EVSEs: five minimums fit, the last to arrive waits, the five share 32 A',
      { circuits: site1, sessions: [1, 2, 3, 4, 5, 6].map((i) => aSession({ evseId: `e${i}`, arrivedAt: i })), at: 0 },
      { e1: 6.4, e2: 6.4, e3: 6.4, e4: 6.4, e5: 6.4, e6: 0 },
    ],
    [
      'priority: minimums first, then the higher priority takes the rest',
      {
        circuits: site1,
        sessions: [
          aSession({ evseId: 'a', priority: 2, arrivedAt: 3 }),
          aSession({ evseId: 'b', priority: 1, arrivedAt: 1 }),
          aSession({ evseId: 'c', priority: 1, arrivedAt: 2 }),
        ],
        policy: { kind: 'priority' },
        at: 0,
      },
      { a: 20, b: 6, c: 6 },
    ],
    [
      'first-come: each as much as it can take, in order of arrival',
      {
        circuits: site1,
        sessions: [
          aSession({ evseId: 'a', arrivedAt: 1, maxCurrentA: 16 }),
          aSession({ evseId: 'b', arrivedAt: 2 }),
          aSession({ evseId: 'c', arrivedAt: 3 }),
        ],
        policy: { kind: 'first-come' },
        at: 0,
      },
      { a: 16, b: 10, c: 6 },
    ],
    [
      // Feeder 1 (32 A) gives its four 8 A; the site (63 A) leaves feeder 2's two 31 A: 15.5 each.
      'nested: a full feeder stops its EVSEs, the other feeder takes what the site has left',
      {
        circuits: [
          aCircuit({ id: 'site', maxCurrentA: 63 }),
          aCircuit({ id: 'f1', parentId: 'site', maxCurrentA: 32 }),
          aCircuit({ id: 'f2', parentId: 'site', maxCurrentA: 40 }),
        ],
        sessions: [
          ...[1, 2, 3, 4].map((i) => aSession({ evseId: `f1-${i}`, circuitId: 'f1', evsePhases: 3, maxCurrentA: 16 })),
          ...[1, 2].map((i) => aSession({ evseId: `f2-${i}`, circuitId: 'f2', evsePhases: 3 })),
        ],
        at: 0,
      },
      { 'f1-1': 8, 'f1-2': 8, 'f1-3': 8, 'f1-4': 8, 'f2-1': 15.5, 'f2-2': 15.5 },
    ],
    [
      // 11 kW / 230 V = 478 dA-phases; two 3-phase EVSEs: 478 / 6 = 79 dA each.
      'a power capacity: 11 kW over two 3-phase EVSEs',
      {
        circuits: [aCircuit({ id: 'site', maxCurrentA: undefined, maxPowerW: 11_000 })],
        sessions: [aSession({ evseId: 'a', evsePhases: 3 }), aSession({ evseId: 'b', evsePhases: 3 })],
        at: 0,
      },
      { a: 7.9, b: 7.9 },
    ],
    [
      'a 10% safety margin: 28.8 A to share',
      { circuits: [aCircuit({ id: 'site', phases: 1, safetyMarginPct: 10 })], sessions: three, at: 0 },
      { a: 9.6, b: 9.6, c: 9.6 },
    ],
    [
      'a time-varying limit in force (20 A from t=1000)',
      {
        circuits: [aCircuit({ id: 'site', phases: 1, limits: [{ from: 1000, maxCurrentA: 20 }] })],
        sessions: three,
        at: 1500,
      },
      { a: 6.6, b: 6.6, c: 6.6 },
    ],
    [
      'a time-varying limit not yet in force',
      {
        circuits: [aCircuit({ id: 'site', phases: 1, limits: [{ from: 1000, maxCurrentA: 20 }] })],
        sessions: three,
        at: 999,
      },
      { a: 10.6, b: 10.6, c: 10.6 },
    ],
    [
      'an offline EVSE keeps its last limit, counted as drawn',
      {
        circuits: site1,
        sessions: [
          aSession({ evseId: 'x', offline: true, lastLimitA: 16 }),
          aSession({ evseId: 'a' }),
          aSession({ evseId: 'b' }),
        ],
        at: 0,
      },
      { x: 16, a: 8, b: 8 },
    ],
    [
      'closed loop: an EV drawing 4 A is capped at 7 A, the other takes the rest',
      { circuits: site1, sessions: [aSession({ evseId: 'a', measuredCurrentA: 4 }), aSession({ evseId: 'b' })], at: 0 },
      { a: 7, b: 25 },
    ],
    [
      "the EV's own maximum (NotifyEVChargingNeeds) narrows the EVSE's",
      {
        circuits: site1,
        sessions: [aSession({ evseId: 'a', ev: { maxCurrentA: 10 } }), aSession({ evseId: 'b' })],
        at: 0,
      },
      { a: 10, b: 22 },
    ],
    [
      'a 1-phase feeder on L2 only loads L2 of the site',
      {
        circuits: [
          aCircuit({ id: 'site', maxCurrentA: 20 }),
          aCircuit({ id: 'l2', parentId: 'site', phases: 1, phase: 2, maxCurrentA: 32 }),
        ],
        sessions: [aSession({ evseId: 'a', circuitId: 'l2' }), aSession({ evseId: 'b', phaseRotation: 'RST' })],
        at: 0,
      },
      { a: 20, b: 20 },
    ],
  ])('%s', (_name, input, expected) => {
    expect(limits(input)).toEqual(expected);
  });

  it('reports W at the circuit voltage over the phases drawn, and the circuit loads', () => {
    const out = allocate({
      circuits: [aCircuit({ id: 'site', maxCurrentA: undefined, maxPowerW: 11_000 })],
      sessions: [aSession({ evseId: 'a', evsePhases: 3 }), aSession({ evseId: 'b', evsePhases: 3 })],
      at: 0,
    });
    expect(out.evses.map((e) => [e.limitW, e.phases])).toEqual([
      [5451, 3], // 7.9 A × 3 × 230 V
      [5451, 3], // 7.9 A × 3 × 230 V
    ]);
    expect(out.circuits).toEqual([
      {
        circuitId: 'site',
        capacityA: [null, null, null],
        allocatedA: [0, 0, 0],
        capacityW: 11_000,
        allocatedW: 10_902,
      },
    ]);
  });

  it('pauses with a reason, and sends the pause once', () => {
    const input: AllocationInput = {
      circuits: [aCircuit({ id: 'site', phases: 1, maxCurrentA: 10 })],
      sessions: [
        aSession({ evseId: 'a', arrivedAt: 1 }),
        aSession({ evseId: 'b', arrivedAt: 2 }),
        aSession({ evseId: 'c', ev: { minCurrentA: 8, maxCurrentA: 7 } }),
      ],
      at: 0,
    };
    const first = allocate(input);
    expect(first.evses.map((e) => [e.evseId, e.status, e.limitA, e.reason, e.send])).toEqual([
      ['a', 'charging', 10, undefined, true],
      ['b', 'paused', 0, 'no-capacity-for-minimum', true],
      ['c', 'paused', 0, 'minimum-above-maximum', true],
    ]);
    expect(allocate({ ...input, previous: first.evses }).evses.map((e) => e.send)).toEqual([false, false, false]);
  });
});

describe('allocate: hysteresis and what to send', () => {
  const two = [aSession({ evseId: 'a', arrivedAt: 1 }), aSession({ evseId: 'b', arrivedAt: 2 })];
  const run = (previous: Record<string, number>, policy?: PolicyInput) =>
    allocate({
      circuits: site1,
      sessions: two,
      at: 0,
      policy,
      previous: Object.entries(previous).map(([evseId, limitA]) => ({ evseId, limitA })),
    }).evses.map((e) => [e.evseId, e.limitA, e.send]);

  it('keeps a previous limit within the threshold, lower or higher, when it fits', () => {
    // Target 16/16. a keeps 15.5 (lower, frees 0.5 A); b keeps 16.4 (needs 0.4 A, fits).
    expect(run({ a: 15.5, b: 16.4 })).toEqual([
      ['a', 15.5, false],
      ['b', 16.4, false],
    ]);
  });

  it('does not keep a higher previous limit that would overload the circuit', () => {
    expect(run({ a: 16.5, b: 16.5 })).toEqual([
      ['a', 16, true],
      ['b', 16, true],
    ]);
  });

  it('moves when the difference reaches the threshold, and with hysteresis 0 always', () => {
    expect(run({ a: 15, b: 17 })).toEqual([
      ['a', 16, true],
      ['b', 16, true],
    ]);
    expect(run({ a: 15.9, b: 16 }, { hysteresisA: 0 })).toEqual([
      ['a', 16, true],
      ['b', 16, false],
    ]);
  });

  it('sends everything the first time, and for an offline EVSE never', () => {
    const out = allocate({
      circuits: site1,
      sessions: [aSession({ evseId: 'x', offline: true, lastLimitA: 10 }), ...two],
      at: 0,
    });
    expect(out.evses.map((e) => [e.evseId, e.status, e.send])).toEqual([
      ['x', 'offline', false],
      ['a', 'charging', true],
      ['b', 'charging', true],
    ]);
  });
});

describe('allocate: input the tree cannot hold', () => {
  it.each<[string, AllocationInput['circuits'], string]>([
    ['an unknown parent', [aCircuit({ id: 'a', parentId: 'nope' })], 'unknown circuit nope'],
    [
      'a cycle',
      [aCircuit({ id: 'a', parentId: 'b' }), aCircuit({ id: 'b', parentId: 'a' })],
      'circuit a is its own ancestor',
    ],
    ['a duplicate', [aCircuit({ id: 'a' }), aCircuit({ id: 'a' })], 'circuit a is listed twice'],
    [
      '3-phase under 1-phase',
      [aCircuit({ id: 'a', phases: 1 }), aCircuit({ id: 'b', parentId: 'a' })],
      '3-phase circuit b under 1-phase a',
    ],
  ])('refuses %s', (_name, circuits, message) => {
    expect(() => allocate({ circuits, sessions: [], at: 0 })).toThrow(new AllocatorInputError(message));
  });

  it('refuses an EVSE on an unknown circuit', () => {
    expect(() => allocate({ circuits: site1, sessions: [aSession({ evseId: 'a', circuitId: 'x' })], at: 0 })).toThrow(
      AllocatorInputError,
    );
  });
});

describe('circuitTreeProblems', () => {
  it('says what is wrong with a tree from outside, and nothing for a good one', () => {
    expect(circuitTreeProblems([aCircuit({ id: 'site' }), aCircuit({ id: 'f1', parentId: 'site' })])).toEqual([]);
    expect(circuitTreeProblems([aCircuit({ id: 'a', parentId: 'b' }), aCircuit({ id: 'b', parentId: 'a' })])).toEqual([
      'circuit a is its own ancestor',
    ]);
    expect(circuitTreeProblems([{ id: 'x', phases: 2, maxCurrentA: 10 }])).toEqual([
      expect.stringMatching(/^0\.phases: /),
    ]);
    expect(circuitTreeProblems([{ id: 'x', phases: 3 }])).toEqual(['0: a circuit needs maxCurrentA or maxPowerW']);
  });
});
