import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aCircuit } from '../test/builders.ts';
import { anyTree } from '../test/arbitraries.ts';
import { allocate } from './allocate.ts';
import { offlineFallbackLimits } from './fallback.ts';

describe('offlineFallbackLimits', () => {
  it('shares the site equally among all its chargers, charging or not', () => {
    const chargers = ['a', 'b', 'c', 'd'].map((chargerId) => ({ chargerId, circuitId: 'site', maxCurrentA: 32 }));
    expect(offlineFallbackLimits({ circuits: [aCircuit({ id: 'site', phases: 1 })], chargers })).toEqual(
      ['a', 'b', 'c', 'd'].map((chargerId) => ({ chargerId, limitA: 8 })),
    );
  });

  it('holds under the lowest limit a circuit ever has, and under each feeder', () => {
    const circuits = [
      aCircuit({
        id: 'site',
        maxCurrentA: 100,
        limits: [
          { from: 1000, maxCurrentA: 40 },
          { from: 2000, maxCurrentA: 80 },
        ],
      }),
      aCircuit({ id: 'f1', parentId: 'site', maxCurrentA: 10 }),
    ];
    const chargers = [
      { chargerId: 'a', circuitId: 'f1', maxCurrentA: 32 },
      { chargerId: 'b', circuitId: 'f1', maxCurrentA: 32 },
      { chargerId: 'c', circuitId: 'site', maxCurrentA: 64 },
    ];
    // f1's 10 A for a and b; the site's lowest, 40 A, leaves c 30 A.
    expect(offlineFallbackLimits({ circuits, chargers })).toEqual([
      { chargerId: 'a', limitA: 5 },
      { chargerId: 'b', limitA: 5 },
      { chargerId: 'c', limitA: 30 },
    ]);
  });

  it('every charger at its fallback at once fits every circuit at every time', () => {
    fc.assert(
      fc.property(
        anyTree,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 6, max: 64 })), { maxLength: 20 }),
        (circuits, picks) => {
          const chargers = picks.map(([pick, maxCurrentA], i) => ({
            chargerId: `c${i}`,
            circuitId: circuits[pick % circuits.length]!.id,
            maxCurrentA,
          }));
          const fallback = offlineFallbackLimits({ circuits, chargers });
          const times = [0, ...circuits.flatMap((c) => (c.limits ?? []).map((l) => l.from))];
          for (const at of times) {
            const all = allocate({
              circuits,
              at,
              sessions: chargers.map((c, i) => ({
                evseId: c.chargerId,
                circuitId: c.circuitId,
                evsePhases: 3,
                minCurrentA: 0,
                maxCurrentA: c.maxCurrentA,
                arrivedAt: 0,
                offline: true,
                lastLimitA: fallback[i]!.limitA,
              })),
            });
            for (const c of all.circuits) {
              c.allocatedA.forEach((a, p) => {
                const cap = c.capacityA[p];
                if (cap != null) expect(a).toBeLessThanOrEqual(cap + 1e-9);
              });
              if (c.capacityW !== null) expect(c.allocatedW).toBeLessThanOrEqual(c.capacityW + 1);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
