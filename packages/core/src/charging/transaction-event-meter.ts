import { ENERGY, energyPerTime, toMwhPrecision, type MeterReadings } from './meter-readings.ts';
import { MAX_SESSION_WH, registerDeltaWh } from './transaction-meter.ts';
import type { MeterSampleInput } from './types.ts';

// 2.0.1 TransactionEvents come twice (a lost answer), late (the offline queue) or out of order,
// and a station numbering them all 0 is common, so the order of arrival says nothing. The meter
// fields of a transaction therefore only move one way: the import register never runs backwards,
// so the start is the lowest start reading seen and the last reading the highest one.

export type Reading = { wh: number; at: Date };

/** The earliest whole-charger register of the samples (the sum of its phases when it reports only those). */
function earliestRegister(registers: readonly MeterSampleInput[]): Reading | null {
  if (registers.length === 0) return null;
  let first: Reading | null = null;
  for (const [t, wh] of energyPerTime(registers))
    if (!first || t < first.at.getTime()) first = { wh: toMwhPrecision(wh), at: new Date(t) };
  return first;
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
  const registers = samples.filter((s) => s.measurand === ENERGY);
  const first = earliestRegister(registers);
  const begin = started ? first : earliestRegister(registers.filter((s) => s.context === 'Transaction.Begin'));
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

/**
 * How one event moves its transaction's meter fields (nothing moves back on a late or repeated
 * event). `intervalWh` is the energy of the intervals the event brings that were not kept before,
 * added to a session whose station reports no register.
 */
export function eventMeterUpdate(
  state: MeterState,
  readings: MeterReadings,
  { begin, first }: { begin: Reading | null; first: Reading | null },
  intervalWh = 0,
): EventMeterUpdate {
  const data: EventMeterUpdate = {};
  if (readings.energyWh === null && intervalWh > 0) {
    data.energyWh = Math.min(state.energyWh + Math.round(intervalWh), MAX_SESSION_WH);
    if (readings.at) data.lastMeterAt = readings.at;
  }
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
