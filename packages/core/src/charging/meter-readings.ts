import type { MeterSampleInput } from './types.ts';

// Reads the figures the dashboard shows out of a batch of samples: the latest whole-charger
// (phase-less) energy register, power and state of charge.

export type MeterReadings = { energyWh: number | null; powerW: number | null; soc: number | null; at: Date | null };

const ENERGY = 'Energy.Active.Import.Register';
const POWER = 'Power.Active.Import';
const SOC = 'SoC';

function toWh(value: number, unit: string | null | undefined): number {
  return Math.round(unit === 'kWh' ? value * 1000 : value);
}
function toW(value: number, unit: string | null | undefined): number {
  return Math.round(unit === 'kW' ? value * 1000 : value);
}

export function meterReadings(samples: readonly MeterSampleInput[]): MeterReadings {
  const out: MeterReadings = { energyWh: null, powerW: null, soc: null, at: null };
  const latest = [...samples].filter((s) => !s.phase).sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
  for (const s of latest) {
    if (s.measurand === ENERGY) out.energyWh = toWh(s.value, s.unit);
    else if (s.measurand === POWER) out.powerW = toW(s.value, s.unit);
    else if (s.measurand === SOC) out.soc = Math.round(s.value);
    else continue;
    out.at = s.timestamp;
  }
  return out;
}

export function sampleRows<
  R extends { tenantId: string; chargerId: string; evseId: number; transactionId?: string | null },
>(samples: readonly MeterSampleInput[], ref: R) {
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
