import type { MeterSampleInput } from './types.ts';

// Reads the figures the dashboard shows out of a batch of samples: the latest whole-charger
// (phase-less) energy register, power and state of charge. A charger that reports power only per
// phase (L1, L2, L3, or L1-N, L2-N, L3-N) gets the sum of its latest per-phase values as its
// power; energy is read from the whole-charger register only (meterStart and meterStop are totals).

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

function toWh(value: number, unit: string | null | undefined): number {
  return Math.round(unit === 'kWh' ? value * 1000 : value);
}
function toW(value: number, unit: string | null | undefined): number {
  return Math.round(unit === 'kW' ? value * 1000 : value);
}

export function meterReadings(samples: readonly MeterSampleInput[]): MeterReadings {
  const out: MeterReadings = { energyWh: null, powerW: null, soc: null, at: null };
  // The latest of each (a later sample with the same timestamp wins), in one pass: this runs for
  // every meter message of the fleet.
  let energyAt = -Infinity;
  let powerAt = -Infinity;
  let socAt = -Infinity;
  let latest = -Infinity;
  // The latest per-phase power readings, one per phase, used only if no whole-charger power came.
  let phasesAt = -Infinity;
  let phaseW: Map<string, number> | null = null;
  for (const s of samples) {
    const t = s.timestamp.getTime();
    if (s.phase) {
      const phase = PHASE_OF[s.phase];
      if (s.measurand !== POWER || !phase || t < phasesAt) continue;
      const w = toW(s.value, s.unit);
      if (!(Math.abs(w) <= MAX_LIVE_W)) continue;
      if (t > phasesAt || !phaseW) {
        phaseW = new Map();
        phasesAt = t;
      }
      phaseW.set(phase, w);
      continue;
    }
    if (s.measurand === ENERGY) {
      if (t < energyAt) continue;
      energyAt = t;
      out.energyWh = toWh(s.value, s.unit);
    } else if (s.measurand === POWER) {
      const w = toW(s.value, s.unit);
      if (t < powerAt || !(Math.abs(w) <= MAX_LIVE_W)) continue;
      powerAt = t;
      out.powerW = w;
    } else if (s.measurand === SOC) {
      if (t < socAt || !(s.value >= 0 && s.value <= 100)) continue;
      socAt = t;
      out.soc = Math.round(s.value);
    } else continue;
    if (t >= latest) {
      latest = t;
      out.at = s.timestamp;
    }
  }
  if (out.powerW === null && phaseW) {
    let sum = 0;
    for (const w of phaseW.values()) sum += w;
    if (Math.abs(sum) <= MAX_LIVE_W) {
      out.powerW = sum;
      if (phasesAt >= latest) out.at = new Date(phasesAt);
    }
  }
  return out;
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
