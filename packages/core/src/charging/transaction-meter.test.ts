import { describe, expect, it } from 'vitest';
import { meterUpdate } from './transaction-meter.ts';

const r = (energyWh: number | null, powerW: number | null = null) => ({ energyWh, powerW, soc: null, at: new Date(0) });

describe('meterUpdate', () => {
  it.each([
    [
      'delta from the start reading',
      { meterStartWh: 1000, lastMeterWh: null, energyWh: 0 },
      r(1500),
      { energyWh: 500, lastMeterWh: 1500 },
    ],
    [
      'first register becomes the start',
      { meterStartWh: null, lastMeterWh: null, energyWh: 0 },
      r(800),
      { meterStartWh: 800, energyWh: 0 },
    ],
    [
      'never goes backwards on a late sample',
      { meterStartWh: 1000, lastMeterWh: 2000, energyWh: 1000 },
      r(1200),
      { energyWh: 1000 },
    ],
    [
      'power only leaves energy alone',
      { meterStartWh: 1000, lastMeterWh: 2000, energyWh: 1000 },
      r(null, 7000),
      { livePowerW: 7000 },
    ],
    [
      'a register past what any session delivers (start sent as 0) leaves the energy as it was',
      { meterStartWh: 0, lastMeterWh: 1200, energyWh: 1200 },
      r(3_000_000_000),
      { energyWh: 1200, lastMeterWh: 3_000_000_000 },
    ],
  ])('%s', (_name, state, readings, expected) => {
    expect(meterUpdate(state, readings)).toMatchObject(expected);
  });
});
