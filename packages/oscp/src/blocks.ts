import { z } from 'zod';

// The vocabulary both OSCP versions share once parsed: a forecast is a time series of capacity
// blocks for one group. Times are ISO strings on the wire and epoch milliseconds here.

export const PHASES = ['ONE', 'TWO', 'THREE', 'ALL', 'UNKNOWN'] as const;
export type Phase = (typeof PHASES)[number];

/** 2.0 ForecastedBlock units; 1.0 knows A and KW (kilowatt) only. */
export const CAPACITY_UNITS = ['A', 'W', 'KW', 'WH', 'KWH'] as const;
export type CapacityUnit = (typeof CAPACITY_UNITS)[number];

export const FORECAST_TYPES = [
  'CONSUMPTION',
  'GENERATION',
  'FALLBACK_CONSUMPTION',
  'FALLBACK_GENERATION',
  'OPTIMUM',
] as const;
export type ForecastType = (typeof FORECAST_TYPES)[number];

export type CapacityBlock = {
  startMs: number;
  endMs: number;
  /** In `unit`, never negative. */
  capacity: number;
  phase: Phase;
  unit: CapacityUnit;
};

export type CapacityForecast = { groupId: string; type: ForecastType; blocks: CapacityBlock[] };

/** A forecast reaches at most a week ahead in 15-minute blocks: more blocks is a malformed message. */
export const MAX_BLOCKS = 672;

/** An ISO 8601 date-time with an offset or Z, as OSCP writes them (RFC 3339). */
export const dateTime = z.iso.datetime({ offset: true });

/**
 * Blocks sorted by start, each with end after start and none overlapping another: a forecast that
 * says two things about one instant is refused rather than guessed at.
 */
export function normaliseBlocks(
  blocks: readonly { startMs: number; endMs: number; capacity: number; phase: Phase; unit: CapacityUnit }[],
): { ok: true; blocks: CapacityBlock[] } | { ok: false; error: string } {
  const sorted = [...blocks].sort((a, b) => a.startMs - b.startMs);
  for (const [i, b] of sorted.entries()) {
    if (!(b.endMs > b.startMs)) return { ok: false, error: `block ${i + 1} ends before it starts` };
    const next = sorted[i + 1];
    if (next && next.startMs < b.endMs)
      return { ok: false, error: `blocks overlap at ${new Date(next.startMs).toISOString()}` };
  }
  return { ok: true, blocks: sorted };
}

/** The block in force at `t` (start inclusive, end exclusive), or null. */
export function blockAt(blocks: readonly CapacityBlock[], t: number): CapacityBlock | null {
  return blocks.find((b) => b.startMs <= t && t < b.endMs) ?? null;
}

/**
 * A block as a circuit's limit: amperes stay amperes per phase; power units become watts for the
 * whole group; an energy budget (WH, KWH) becomes the average power that spends it over the block.
 */
export function blockLimit(block: CapacityBlock): { maxCurrentA: number } | { maxPowerW: number } {
  const hours = (block.endMs - block.startMs) / 3_600_000;
  switch (block.unit) {
    case 'A':
      return { maxCurrentA: block.capacity };
    case 'W':
      return { maxPowerW: Math.floor(block.capacity) };
    case 'KW':
      return { maxPowerW: Math.floor(block.capacity * 1000) };
    case 'WH':
      return { maxPowerW: Math.floor(block.capacity / hours) };
    case 'KWH':
      return { maxPowerW: Math.floor((block.capacity * 1000) / hours) };
  }
}
