import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyTree } from '../test/arbitraries.ts';
import { aCircuit } from '../test/builders.ts';
import { allocate } from './allocate.ts';
import { evseFallbackLimits, fallbackWantedA } from './fallback.ts';
import type { CircuitInput, EvseSession } from './model.ts';

const anEvse = (evseId: string, circuitId = 'site', wantedA = 6) => ({
  evseId,
  circuitId,
  evsePhases: 3 as const,
  wantedA,
});

function overCapacity(circuits: readonly CircuitInput[], at: number, held: EvseSession[]) {
  // Every EVSE counted at what it holds: an offline session at that limit is what allocate() takes off first.
  const out = allocate({
    circuits,
    at,
    sessions: held.map((s) => ({ ...s, offline: true, idle: false })),
  });
  const over: string[] = [];
  for (const c of out.circuits) {
    c.allocatedA.forEach((a, p) => {
      const cap = c.capacityA[p];
      if (cap != null && a > cap + 1e-9) over.push(`${c.circuitId} L${p + 1}`);
    });
    if (c.capacityW !== null && c.allocatedW > c.capacityW + 1) over.push(`${c.circuitId} W`);
  }
  return over;
}

describe('fallbackWantedA', () => {
  it.each([
    ['none set: the EVSE minimum', undefined, 6],
    ['null (inherited to the top): the EVSE minimum', null, 6],
    ['0: paused', 0, 0],
    ['within the range', 10, 10],
    ['above the EVSE maximum: its maximum', 40, 32],
    ['under the EVSE minimum: 0, no EV could charge at it', 4, 0],
    ['at the EVSE minimum', 6, 6],
  ])('%s', (_, configuredA, wanted) => {
    expect(fallbackWantedA({ configuredA, minCurrentA: 6, maxCurrentA: 32 })).toBe(wanted);
  });
});

describe('evseFallbackLimits', () => {
  it.each([
    // A configured 10 A fallback on a 32 A circuit: three EVSEs fit (30 A), a fourth gets 0.
    ['a configured fallback that fits for all', 32, 3, 10, [10, 10, 10]],
    ['a configured fallback that does not fit for all', 32, 4, 10, [10, 10, 10, 0]],
    ['a configured fallback of 0: every EVSE 0', 32, 3, 0, [0, 0, 0]],
  ])('%s', (_, maxCurrentA, count, configuredA, limits) => {
    const evses = Array.from({ length: count }, (_, i) =>
      anEvse(`e${i}`, 'site', fallbackWantedA({ configuredA, minCurrentA: 6, maxCurrentA: 32 })),
    );
    expect(
      evseFallbackLimits({ circuits: [aCircuit({ id: 'site', maxCurrentA })], evses }).map((l) => l.limitA),
    ).toEqual(limits);
  });

  it('gives each EVSE its wanted fallback while every EVSE at once fits', () => {
    const evses = ['a', 'b', 'c'].map((id) => anEvse(id));
    expect(evseFallbackLimits({ circuits: [aCircuit({ id: 'site', maxCurrentA: 20 })], evses })).toEqual([
      { evseId: 'a', limitA: 6 },
      { evseId: 'b', limitA: 6 },
      { evseId: 'c', limitA: 6 },
    ]);
  });

  it('gives 0 to the EVSEs that do not fit at their fallback, under the lowest limit a circuit ever has and under each feeder', () => {
    const circuits = [
      aCircuit({
        id: 'site',
        maxCurrentA: 100,
        limits: [
          { from: 1000, maxCurrentA: 16 },
          { from: 2000, maxCurrentA: 80 },
        ],
      }),
      aCircuit({ id: 'f1', parentId: 'site', maxCurrentA: 10 }),
    ];
    const evses = [anEvse('a', 'f1'), anEvse('b', 'f1'), anEvse('c'), anEvse('d')];
    // f1's 10 A holds one 6 A fallback; the site's lowest, 16 A, one more beside it.
    expect(evseFallbackLimits({ circuits, evses })).toEqual([
      { evseId: 'a', limitA: 6 },
      { evseId: 'b', limitA: 0 },
      { evseId: 'c', limitA: 6 },
      { evseId: 'd', limitA: 0 },
    ]);
  });

  it('a lone session beside idle EVSEs gets the site less their fallbacks, and an idle EVSE sends nothing', () => {
    const out = allocate({
      circuits: [aCircuit({ id: 'site', maxCurrentA: 32 })],
      at: 0,
      sessions: [
        { evseId: 'a', circuitId: 'site', evsePhases: 3, minCurrentA: 6, maxCurrentA: 32, arrivedAt: 0, fallbackA: 6 },
        ...['b', 'c'].map((evseId) => ({
          evseId,
          circuitId: 'site',
          evsePhases: 3 as const,
          minCurrentA: 6,
          maxCurrentA: 32,
          arrivedAt: 0,
          idle: true,
          fallbackA: 6,
        })),
      ],
    });
    expect(out.evses.map((e) => [e.evseId, e.status, e.limitA, e.send])).toEqual([
      ['a', 'charging', 20, true],
      ['b', 'idle', 6, false],
      ['c', 'idle', 6, false],
    ]);
  });

  it('a charging session keeps a configured fallback above its minimum reserved: it gets at least that, up to its maximum', () => {
    const session = (evseId: string, maxCurrentA: number): EvseSession => ({
      evseId,
      circuitId: 'site',
      evsePhases: 3,
      minCurrentA: 6,
      maxCurrentA,
      arrivedAt: 0,
      fallbackA: 10,
    });
    // 'b' (an EV taking 8 A at most) still holds its 10 A fallback for the session after it: 'a' gets 22 A, not 24.
    const out = allocate({
      circuits: [aCircuit({ id: 'site', maxCurrentA: 32 })],
      at: 0,
      sessions: [session('a', 32), session('b', 8)],
    });
    expect(out.evses.map((e) => [e.evseId, e.status, e.limitA])).toEqual([
      ['a', 'charging', 22],
      ['b', 'charging', 8],
    ]);
    const few = allocate({
      circuits: [aCircuit({ id: 'site', maxCurrentA: 32 })],
      at: 0,
      sessions: [session('a', 32)],
    });
    // Alone, it gets the whole circuit: its reserve is part of its limit, not counted beside it.
    expect(few.evses[0]!.limitA).toBe(32);
  });

  it('a paused session keeps its fallback reserved: a later arrival does not take it', () => {
    const session = (evseId: string, arrivedAt: number, minCurrentA: number): EvseSession => ({
      evseId,
      circuitId: 'site',
      evsePhases: 3,
      minCurrentA,
      maxCurrentA: 32,
      arrivedAt,
      fallbackA: 6,
    });
    // 'a' needs 16 A and is paused (only 10 A beside x's and b's 6 A reserves); its 6 A stay reserved,
    // so x and b share the 22 A less those 6 A.
    const out = allocate({
      circuits: [aCircuit({ id: 'site', maxCurrentA: 22 })],
      at: 0,
      sessions: [session('x', 0, 6), session('a', 1, 16), session('b', 2, 6)],
    });
    expect(out.evses.map((e) => [e.evseId, e.status, e.limitA])).toEqual([
      ['x', 'charging', 8],
      ['a', 'paused', 0],
      ['b', 'charging', 8],
    ]);
    expect(out.circuits[0]!.allocatedA).toEqual([22, 22, 22]);
  });

  it('with idle EVSEs each taking their fallback and the sessions their limits, no circuit exceeds its capacity at any time', () => {
    fc.assert(
      fc.property(
        anyTree,
        fc.array(
          fc.record({
            pick: fc.nat(),
            phases: fc.constantFrom<1 | 3>(1, 3),
            min: fc.integer({ min: 0, max: 16 }),
            span: fc.integer({ min: 0, max: 48 }),
            // What the operator set on the circuit (undefined: the EVSE minimum).
            configured: fc.option(fc.integer({ min: 0, max: 64 }), { nil: undefined }),
            session: fc.boolean(),
            arrivedAt: fc.integer({ min: 0, max: 100 }),
          }),
          { maxLength: 20 },
        ),
        fc.integer({ min: 0, max: 12_000 }),
        (circuits, picks, at) => {
          const evses = picks.map((p, i) => ({
            evseId: `e${i}`,
            circuitId: circuits[p.pick % circuits.length]!.id,
            evsePhases: p.phases,
            wantedA: fallbackWantedA({ configuredA: p.configured, minCurrentA: p.min, maxCurrentA: p.min + p.span }),
          }));
          const fallback = evseFallbackLimits({ circuits, evses });
          fallback.forEach((f, i) => {
            expect([0, evses[i]!.wantedA]).toContain(f.limitA);
            // Never above what the operator set, nor above the EVSE's maximum.
            expect(f.limitA).toBeLessThanOrEqual(
              Math.min(picks[i]!.configured ?? Infinity, picks[i]!.min + picks[i]!.span),
            );
          });
          // Every EVSE at its fallback at once (the CSMS away, a session starting on each): fits at every time.
          const times = [0, at, ...circuits.flatMap((c) => (c.limits ?? []).map((l) => l.from))];
          const atFallback = evses.map((e, i): EvseSession => ({
            evseId: e.evseId,
            circuitId: e.circuitId,
            evsePhases: e.evsePhases,
            minCurrentA: 0,
            maxCurrentA: 64,
            arrivedAt: 0,
            lastLimitA: fallback[i]!.limitA,
          }));
          for (const t of times) expect(overCapacity(circuits, t, atFallback)).toEqual([]);

          // Online: sessions get their limits, idle EVSEs (and paused ones) keep their fallback.
          const sessions = evses.map((e, i): EvseSession => ({
            evseId: e.evseId,
            circuitId: e.circuitId,
            evsePhases: e.evsePhases,
            minCurrentA: picks[i]!.min,
            maxCurrentA: picks[i]!.min + picks[i]!.span,
            arrivedAt: picks[i]!.arrivedAt,
            fallbackA: fallback[i]!.limitA,
            ...(picks[i]!.session ? {} : { idle: true }),
          }));
          const out = allocate({ circuits, at, sessions });
          const held = sessions.map((s, i) => ({
            ...s,
            lastLimitA: Math.max(out.evses[i]!.limitA, fallback[i]!.limitA),
          }));
          expect(overCapacity(circuits, at, held)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
    // Several allocations per run: slow on a loaded machine, not a timing assertion.
  }, 60_000);
});
