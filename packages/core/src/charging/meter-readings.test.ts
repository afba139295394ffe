import { describe, expect, it } from 'vitest';
import { meterReadings } from './meter-readings.ts';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

describe('meterReadings', () => {
  it.each([
    ['Wh register', [{ measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 1234.4 }], { energyWh: 1234 }],
    ['kWh register', [{ measurand: 'Energy.Active.Import.Register', unit: 'kWh', value: 1.5 }], { energyWh: 1500 }],
    ['kW power', [{ measurand: 'Power.Active.Import', unit: 'kW', value: 7.2 }], { powerW: 7200 }],
    ['SoC', [{ measurand: 'SoC', unit: 'Percent', value: 55 }], { soc: 55 }],
  ])('reads %s', (_name, rows, expected) => {
    const samples = rows.map((r) => ({ ...r, timestamp: at(1) }));
    expect(meterReadings(samples)).toMatchObject(expected);
  });

  it('takes the latest reading and ignores per-phase values', () => {
    const r = meterReadings([
      { measurand: 'Energy.Active.Import.Register', value: 200, timestamp: at(2) },
      { measurand: 'Energy.Active.Import.Register', value: 100, timestamp: at(1) },
      { measurand: 'Energy.Active.Import.Register', value: 999, phase: 'L1', timestamp: at(3) },
    ]);
    expect(r.energyWh).toBe(200);
  });
});
