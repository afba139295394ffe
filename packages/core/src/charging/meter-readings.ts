import type { MeterSampleInput } from './types.ts';

// Reads the figures the dashboard shows out of a batch of samples: the latest whole-charger
// (phase-less) energy register, power and state of charge. A charger that reports power or its
// energy register only per phase (L1, L2, L3, or L1-N, L2-N, L3-N) gets the sum of its latest
// per-phase values (the phases of one meter add up to its total, which meterStart and meterStop
// are). A charger that reports no register at all, only the energy of each interval
// (Energy.Active.Import.Interval), has those intervals read, for its session to add up.
// Energy and power are read where the start and stop readings are taken, at the connector (location
// Outlet, the default when a sample names none): a charger that also reports its grid inlet (a
// different meter, with a different register) has those samples stored but not read, unless it
// reports nothing at the outlet.

export type MeterReadings = {
  /** The register, in Wh to the mWh (toMwhPrecision). */
  energyWh: number | null;
  powerW: number | null;
  soc: number | null;
  at: Date | null;
  /** The energy of each interval read, by its time; only when no register came (energyWh null). */
  intervals?: EnergyAt[];
};

export type EnergyAt = { at: Date; wh: number };

export const ENERGY = 'Energy.Active.Import.Register';
export const ENERGY_INTERVAL = 'Energy.Active.Import.Interval';
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

/**
 * Register precision is kept to the milliwatt-hour (a 2.0.1 station's 0.12511 kWh is 125.11 Wh, not
 * 125): the register columns are doubles and the tariff rates integer mWh, so a price is not
 * rounded before it is priced. Only the session's whole-Wh figure (energyWh) is rounded.
 */
export function toMwhPrecision(wh: number): number {
  return Math.round(wh * 1000) / 1000;
}

function toWh(value: number, unit: string | null | undefined): number {
  return toMwhPrecision(unit === 'kWh' ? value * 1000 : value);
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
  // Per-phase registers and intervals, rare: read after the pass, only if no register came.
  let phaseRegisters: MeterSampleInput[] | null = null;
  let intervals: MeterSampleInput[] | null = null;
  for (const s of samples) {
    const t = s.timestamp.getTime();
    if (s.measurand === ENERGY_INTERVAL) {
      (intervals ??= []).push(s);
      continue;
    }
    if (s.phase) {
      const phase = PHASE_OF[s.phase];
      if (!phase) continue;
      if (s.measurand === ENERGY) (phaseRegisters ??= []).push(s);
      if (s.measurand !== POWER) continue;
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
  if (out.energyWh === null && phaseRegisters) {
    let registerAt = -Infinity;
    for (const [t, wh] of energyPerTime(phaseRegisters)) {
      if (t < registerAt) continue;
      registerAt = t;
      out.energyWh = toMwhPrecision(wh);
    }
    latest = Math.max(latest, registerAt);
  }
  if (out.energyWh === null && intervals) {
    out.intervals = [];
    for (const [t, wh] of energyPerTime(intervals)) {
      // An interval never takes energy back.
      if (wh > 0) out.intervals.push({ at: new Date(t), wh });
      latest = Math.max(latest, t);
    }
  }
  if (latest > -Infinity) out.at = new Date(latest);
  return out;
}

type EnergySample = Pick<MeterSampleInput, 'timestamp' | 'value'> & {
  phase?: string | null;
  location?: string | null;
  unit?: string | null;
};

/**
 * Samples of one energy measurand, as whole-charger figures by reading time (ms): the phase-less
 * value, else the sum of the phases (L1, L2, L3) read then, at the best location reported.
 */
export function energyPerTime(samples: readonly EnergySample[]): Map<number, number> {
  let best = Infinity;
  for (const s of samples) best = Math.min(best, locationRank(s.location));
  const whole = new Map<number, number>();
  const phased = new Map<number, Map<string, number>>();
  for (const s of samples) {
    if (locationRank(s.location) !== best || !Number.isFinite(s.value)) continue;
    const t = s.timestamp.getTime();
    const wh = s.unit === 'kWh' ? s.value * 1000 : s.value;
    if (!s.phase) {
      whole.set(t, wh);
      continue;
    }
    const phase = PHASE_OF[s.phase];
    if (!phase) continue;
    let at = phased.get(t);
    if (!at) phased.set(t, (at = new Map()));
    at.set(phase, wh);
  }
  for (const [t, byPhase] of phased) {
    if (whole.has(t)) continue;
    let sum = 0;
    for (const wh of byPhase.values()) sum += wh;
    whole.set(t, sum);
  }
  return whole;
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
