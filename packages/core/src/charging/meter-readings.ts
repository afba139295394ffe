import type { MeterSampleInput } from './types.ts';

// Reads the figures the dashboard shows out of a batch of samples: the latest whole-charger
// (phase-less) energy register, power and state of charge. A charger that reports power only per
// phase (L1, L2, L3, or L1-N, L2-N, L3-N) gets the sum of its latest per-phase values as its
// power; energy is read from the whole-charger register only (meterStart and meterStop are totals).
// Energy and power are read where the start and stop readings are taken, at the connector (location
// Outlet, the default when a sample names none): a charger that also reports its grid inlet (a
// different meter, with a different register) has those samples stored but not read, unless it
// reports nothing at the outlet.

export type MeterReadings = { energyWh: number | null; powerW: number | null; soc: number | null; at: Date | null };

const ENERGY = 'Energy.Active.Import.Register';
const POWER = 'Power.Active.Import';
const SOC = 'SoC';
// Live power and state of charge are shown as they come; a value no charger can mean (power past
// 2.1 GW, a state of charge outside 0–100%) is a meter fault: the sample is stored as sent, but it
// does not move the live figures.
const MAX_LIVE_W = 2_147_483_647;
// Phase-to-neutral readings that add up to the charger's power; neutral and line-to-line do not.
const PHASE_OF: Record<string, string> = { L1: 'L1', L2: 'L2', L3: 'L3', 'L1-N': 'L1', 'L2-N': 'L2', 'L3-N': 'L3' };

/** Which reading wins when a charger reports one at several locations: lower is better. */
function locationRank(location: string | null | undefined): number {
  if (!location || location === 'Outlet') return 0;
  return location === 'Inlet' ? 1 : 2;
}

function toWh(value: number, unit: string | null | undefined): number {
  return Math.round(unit === 'kWh' ? value * 1000 : value);
}
function toW(value: number, unit: string | null | undefined): number {
  return Math.round(unit === 'kW' ? value * 1000 : value);
}

export function meterReadings(samples: readonly MeterSampleInput[]): MeterReadings {
  const out: MeterReadings = { energyWh: null, powerW: null, soc: null, at: null };
  // The latest of each at the best location (a later sample with the same timestamp wins), in one
  // pass: this runs for every meter message of the fleet.
  let energyAt = -Infinity;
  let energyRank = Infinity;
  let powerAt = -Infinity;
  let powerRank = Infinity;
  let socAt = -Infinity;
  // The latest per-phase power readings, one per phase, used only if no whole-charger power came.
  let phasesAt = -Infinity;
  let phasesRank = Infinity;
  let phaseW: Map<string, number> | null = null;
  for (const s of samples) {
    const t = s.timestamp.getTime();
    if (s.phase) {
      const phase = PHASE_OF[s.phase];
      if (s.measurand !== POWER || !phase) continue;
      const rank = locationRank(s.location);
      if (rank > phasesRank || (rank === phasesRank && t < phasesAt)) continue;
      const w = toW(s.value, s.unit);
      if (!(Math.abs(w) <= MAX_LIVE_W)) continue;
      if (rank < phasesRank || t > phasesAt || !phaseW) {
        phaseW = new Map();
        phasesAt = t;
        phasesRank = rank;
      }
      phaseW.set(phase, w);
      continue;
    }
    if (s.measurand === ENERGY) {
      const rank = locationRank(s.location);
      if (rank > energyRank || (rank === energyRank && t < energyAt)) continue;
      energyAt = t;
      energyRank = rank;
      out.energyWh = toWh(s.value, s.unit);
    } else if (s.measurand === POWER) {
      const rank = locationRank(s.location);
      const w = toW(s.value, s.unit);
      if (rank > powerRank || (rank === powerRank && t < powerAt) || !(Math.abs(w) <= MAX_LIVE_W)) continue;
      powerAt = t;
      powerRank = rank;
      out.powerW = w;
    } else if (s.measurand === SOC) {
      if (t < socAt || !(s.value >= 0 && s.value <= 100)) continue;
      socAt = t;
      out.soc = Math.round(s.value);
    }
  }
  // The time of the latest reading kept.
  let latest = Math.max(
    out.energyWh === null ? -Infinity : energyAt,
    out.powerW === null ? -Infinity : powerAt,
    out.soc === null ? -Infinity : socAt,
  );
  if (out.powerW === null && phaseW) {
    let sum = 0;
    for (const w of phaseW.values()) sum += w;
    if (Math.abs(sum) <= MAX_LIVE_W) {
      out.powerW = sum;
      latest = Math.max(latest, phasesAt);
    }
  }
  if (latest > -Infinity) out.at = new Date(latest);
  return out;
}

/**
 * Of each measurand, the samples at the best location the charger reported it at (the connector,
 * else the inlet, else elsewhere): what reads a whole session's samples (its price, its curve)
 * reads the meter that meterReadings and the start and stop readings read.
 */
export function atBestLocation<S extends { measurand: string; location?: string | null }>(samples: readonly S[]): S[] {
  const best = new Map<string, number>();
  for (const s of samples) {
    const rank = locationRank(s.location);
    if (rank < (best.get(s.measurand) ?? Infinity)) best.set(s.measurand, rank);
  }
  return samples.filter((s) => locationRank(s.location) === best.get(s.measurand));
}

/** One row per sample, each carrying `ref` (the ids it is filed under). */
export function sampleRows<R extends object>(samples: readonly MeterSampleInput[], ref: R) {
  return samples.map((s) => ({
    ...ref,
    timestamp: s.timestamp,
    measurand: s.measurand,
    phase: s.phase ?? null,
    location: s.location ?? null,
    context: s.context ?? null,
    unit: s.unit ?? null,
    value: s.value,
  }));
}
