import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateProportionally, divRoundHalfUp, formatMinor, mulDivRoundHalfUp } from './money.ts';

describe('integer money', () => {
  it.each([
    [5, 10, 1], // 0.5 → 1 (half up, not to even)
    [15, 10, 2], // 1.5 → 2
    [25, 10, 3], // 2.5 → 3
    [14, 10, 1],
    [-5, 10, 0], // -0.5 → 0 (towards +∞)
    [-15, 10, -1],
    [0, 7, 0],
  ])('divRoundHalfUp(%i, %i) = %i', (n, d, want) => {
    expect(divRoundHalfUp(n, d)).toBe(want);
  });

  it('multiplies past 2^53 exactly through bigint', () => {
    // 9e15 × 1e3 / 1e6 = 9e12 exactly; a float product would lose the last digits.
    expect(mulDivRoundHalfUp(9_007_199_254_740_991, 1000, 1_000_000)).toBe(9_007_199_254_741);
    expect(mulDivRoundHalfUp(3_000_000_000_000_001, 3, 2)).toBe(4_500_000_000_000_002);
  });

  it('agrees with bigint arithmetic for any safe operands', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (a, b, d) => {
          const exact = (2n * BigInt(a) * BigInt(b) + BigInt(d)) / (2n * BigInt(d));
          expect(mulDivRoundHalfUp(a, b, d)).toBe(Number(exact));
        },
      ),
    );
  });

  it.each([
    { total: 100, weights: [1, 1, 1], want: [34, 33, 33] },
    { total: 1, weights: [1, 1, 1], want: [1, 0, 0] },
    { total: 3600, weights: [9000, 27000, -16000], want: [1620, 4860, -2880] },
    { total: 0, weights: [0, 0], want: [0, 0] },
    { total: 7, weights: [0, 5, 0], want: [0, 7, 0] },
  ])('allocates $total over $weights as $want', ({ total, weights, want }) => {
    expect(allocateProportionally(total, weights)).toEqual(want);
  });

  it('allocations always sum to the total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.array(fc.integer({ min: 0, max: 1e7 }), { minLength: 1 }),
        (total, w) => {
          fc.pre(w.some((x) => x > 0));
          expect(allocateProportionally(total, w).reduce((a, b) => a + b, 0)).toBe(total);
        },
      ),
    );
  });

  it.each([
    [123456, 2, '1234.56'],
    [5, 2, '0.05'],
    [-250, 2, '-2.50'],
    [42, 0, '42'],
  ])('formatMinor(%i, %i) = %s', (m, u, s) => {
    expect(formatMinor(m, u)).toBe(s);
  });
});
