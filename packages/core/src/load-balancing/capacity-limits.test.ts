import { describe, expect, it } from 'vitest';
import {
  allocatorLimits,
  effectiveCapacity,
  limitAt,
  nextCapacityEdge,
  type CapacityBlock,
} from './capacity-limits.ts';

const H = 3_600_000;
const block = (over: Partial<CapacityBlock>): CapacityBlock => ({
  circuitId: 'main',
  from: 0,
  to: null,
  label: 'test',
  ...over,
});

describe('capacity limits from sources', () => {
  const blocks = [
    block({ from: 18 * H, to: 22 * H, maxPowerW: 40_000, label: 'Peak' }),
    block({ from: 20 * H, to: 21 * H, maxPowerW: 30_000, label: 'Grid' }),
    block({ from: 19 * H, to: 23 * H, maxCurrentA: 80, label: 'Grid A' }),
    block({ circuitId: 'feeder', from: 0, to: null, maxCurrentA: 10 }),
  ];

  it.each([
    [17 * H, {}],
    [18 * H, { maxPowerW: 40_000 }],
    [19.5 * H, { maxPowerW: 40_000, maxCurrentA: 80 }],
    [20 * H, { maxPowerW: 30_000, maxCurrentA: 80 }],
    [21 * H, { maxPowerW: 40_000, maxCurrentA: 80 }],
    [22 * H, { maxCurrentA: 80 }],
    [23 * H, {}],
  ])('at %s ms the lowest block in force applies (start inclusive, end exclusive)', (at, expected) => {
    const { labels: _labels, ...limit } = limitAt(blocks, 'main', at);
    expect(limit).toEqual(expected);
  });

  it('the effective capacity is the lower of the configured one and the blocks', () => {
    const main = { id: 'main', maxCurrentA: 63, maxPowerW: 50_000 };
    expect(effectiveCapacity(main, blocks, 20.5 * H)).toEqual({
      maxCurrentA: 63,
      maxPowerW: 30_000,
      labels: ['Peak', 'Grid', 'Grid A'],
    });
    expect(effectiveCapacity({ id: 'main', maxCurrentA: null, maxPowerW: null }, blocks, 19 * H)).toMatchObject({
      maxCurrentA: 80,
      maxPowerW: 40_000,
    });
    expect(effectiveCapacity(main, blocks, 12 * H)).toEqual({ maxCurrentA: 63, maxPowerW: 50_000, labels: [] });
  });

  it('gives the allocator one limit from now, or none', () => {
    expect(allocatorLimits(blocks, 'main', 20 * H)).toEqual([{ from: 20 * H, maxPowerW: 30_000, maxCurrentA: 80 }]);
    expect(allocatorLimits(blocks, 'main', 12 * H)).toEqual([]);
    expect(allocatorLimits(blocks, 'feeder', 12 * H)).toEqual([{ from: 12 * H, maxCurrentA: 10 }]);
  });

  it('the next edge is the first start or end after now', () => {
    expect(nextCapacityEdge(blocks, 12 * H)).toBe(18 * H);
    expect(nextCapacityEdge(blocks, 18 * H)).toBe(19 * H);
    expect(nextCapacityEdge(blocks, 21.5 * H)).toBe(22 * H);
    expect(nextCapacityEdge(blocks, 23 * H)).toBeNull();
  });
});
