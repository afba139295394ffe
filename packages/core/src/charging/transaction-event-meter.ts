import type { MeterReadings } from './meter-readings.ts';
import { registerDeltaWh } from './transaction-meter.ts';
import type { MeterSampleInput } from './types.ts';

// 2.0.1 TransactionEvents come twice (a lost answer), late (the offline queue) or out of order,
// and a station numbering them all 0 is common, so the order of arrival says nothing. The meter
// fields of a transaction therefore only move one way: the import register never runs backwards,
// so the start is the lowest start reading seen and the last reading the highest one.

export type Reading = { wh: number; at: Date };

/** A whole-charger (phase-less) energy import register in Wh; null for any other sample. */
function registerWh(s: MeterSampleInput): number | null {
  if (s.measurand !== 'Energy.Active.Import.Register' || s.phase) return null;
  return Math.round(s.unit === 'kWh' ? s.value * 1000 : s.value);
}

/**
 * The start reading an event carries: its earliest Transaction.Begin register, or for a Started
 * event its earliest register whatever the context. Also the earliest register of any kind, the
 * start of a transaction that never sent one.
 */
export function startReadings(
  samples: readonly MeterSampleInput[],
  started: boolean,
): { begin: Reading | null; first: Reading | null } {
  let begin: Reading | null = null;
  let first: Reading | null = null;
  for (const s of samples) {
    const wh = registerWh(s);
    if (wh === null) continue;
    if (!first || s.timestamp < first.at) first = { wh, at: s.timestamp };
    if ((started || s.context === 'Transaction.Begin') && (!begin || s.timestamp < begin.at))
      begin = { wh, at: s.timestamp };
  }
  return { begin, first };
}

type MeterState = { meterStartWh: number | null; lastMeterWh: number | null; energyWh: number };

export type EventMeterUpdate = {
  meterStartWh?: number;
  lastMeterWh?: number;
  lastMeterAt?: Date;
  energyWh?: number;
  livePowerW?: number;
  liveSoc?: number;
};

/** How one event moves its transaction's meter fields (nothing moves back on a late or repeated event). */
export function eventMeterUpdate(
  state: MeterState,
  readings: MeterReadings,
  { begin, first }: { begin: Reading | null; first: Reading | null },
): EventMeterUpdate {
  const data: EventMeterUpdate = {};
  const start = begin ? Math.min(state.meterStartWh ?? begin.wh, begin.wh) : (state.meterStartWh ?? first?.wh ?? null);
  if (start !== null && start !== state.meterStartWh) data.meterStartWh = start;
  const forward = readings.energyWh !== null && (state.lastMeterWh === null || readings.energyWh >= state.lastMeterWh);
  if (forward) {
    data.lastMeterWh = readings.energyWh!;
    data.lastMeterAt = readings.at ?? new Date();
  }
  const last = forward ? readings.energyWh : state.lastMeterWh;
  if (start !== null && last !== null && (forward || data.meterStartWh !== undefined)) {
    const delta = registerDeltaWh(start, last);
    data.energyWh = delta === null ? state.energyWh : Math.max(state.energyWh, delta);
  }
  if (readings.powerW !== null) data.livePowerW = readings.powerW;
  if (readings.soc !== null) data.liveSoc = readings.soc;
  return data;
}
