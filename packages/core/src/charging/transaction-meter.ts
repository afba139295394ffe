import type { MeterReadings } from './meter-readings.ts';

type MeterState = { meterStartWh: number | null; lastMeterWh: number | null; energyWh: number };

/**
 * How a transaction's meter fields move with new readings. Energy is the register delta since
 * the start; a charger that never sent a start reading has its first register taken as the start.
 */
export function meterUpdate(state: MeterState, r: MeterReadings) {
  const data: {
    meterStartWh?: number;
    lastMeterWh?: number;
    lastMeterAt?: Date;
    energyWh?: number;
    livePowerW?: number;
    liveSoc?: number;
  } = {};
  if (r.energyWh !== null) {
    const start = state.meterStartWh ?? r.energyWh;
    if (state.meterStartWh === null) data.meterStartWh = start;
    data.lastMeterWh = r.energyWh;
    data.lastMeterAt = r.at ?? new Date();
    data.energyWh = Math.max(state.energyWh, r.energyWh - start);
  }
  if (r.powerW !== null) data.livePowerW = r.powerW;
  if (r.soc !== null) data.liveSoc = r.soc;
  return data;
}
