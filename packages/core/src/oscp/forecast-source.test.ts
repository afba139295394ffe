import { describe, expect, it } from 'vitest';
import type { CapacityBlock } from '@magma/oscp';
import { forecastBlocks } from './forecast-source.ts';

const H = 3_600_000;
const kw = (startMs: number, endMs: number, capacity: number): CapacityBlock => ({
  startMs,
  endMs,
  capacity,
  phase: 'ALL',
  unit: 'KW',
});
const run = (forecasts: { type: string; blocks: CapacityBlock[] }[], peerOfflineAtMs: number | null = null) =>
  forecastBlocks({ forecasts, peerOfflineAtMs, circuitId: 'main', label: 'DSO', from: 0, to: 10 * H }).map((b) => [
    b.from / H,
    (b.to ?? 0) / H,
    b.maxPowerW,
  ]);

describe('forecasts as the top circuit capacity', () => {
  it('the forecast received last wins where it speaks; elsewhere the earlier one stays', () => {
    expect(
      run([
        { type: 'CONSUMPTION', blocks: [kw(0, 4 * H, 22)] },
        { type: 'CONSUMPTION', blocks: [kw(2 * H, 3 * H, 11)] },
      ]),
    ).toEqual([
      [0, 2, 22_000],
      [2, 3, 11_000],
      [3, 4, 22_000],
    ]);
  });

  it('equal neighbours merge, gaps stay unlimited, generation forecasts limit nothing', () => {
    expect(
      run([
        { type: 'CONSUMPTION', blocks: [kw(0, H, 22), kw(H, 2 * H, 22), kw(3 * H, 4 * H, 5)] },
        { type: 'GENERATION', blocks: [kw(0, 4 * H, 1)] },
      ]),
    ).toEqual([
      [0, 2, 22_000],
      [3, 4, 5_000],
    ]);
  });

  it('past the provider offline_mode_at, its fallback forecast applies where it has one', () => {
    expect(
      run(
        [
          { type: 'CONSUMPTION', blocks: [kw(0, 4 * H, 22)] },
          { type: 'FALLBACK_CONSUMPTION', blocks: [kw(0, 3 * H, 7)] },
        ],
        2 * H,
      ),
    ).toEqual([
      [0, 2, 22_000],
      [2, 3, 7_000],
      [3, 4, 22_000],
    ]);
  });
});
