import type { MeterReadings } from './meter-readings.ts';

/**
 * The most energy one session can be credited with: the column's range, 2.1 GWh, which no session
 * delivers (a 350 kW charger would need eight months). A register delta past it is a meter fault —
 * typically a charger that sent 0 as its start reading and then its lifetime register — so the
 * session keeps the energy it had; the raw readings (start, last, stop registers and samples) are
 * stored as sent.
 */
export const MAX_SESSION_WH = 2_147_483_647;

/**
 * The energy a register reading credits a session with since its start, in whole Wh (the session's
 * energyWh; the registers keep their mWh), or null for a meter fault.
 */
export function registerDeltaWh(startWh: number, registerWh: number): number | null {
  const delta = registerWh - startWh;
  return delta <= MAX_SESSION_WH ? Math.max(0, Math.round(delta)) : null;
}

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
    const delta = registerDeltaWh(start, r.energyWh);
    data.energyWh = delta === null ? state.energyWh : Math.max(state.energyWh, delta);
  }
  if (r.powerW !== null) data.livePowerW = r.powerW;
  if (r.soc !== null) data.liveSoc = r.soc;
  return data;
}
