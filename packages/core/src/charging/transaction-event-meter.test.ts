import { describe, expect, it } from 'vitest';
import { eventMeterUpdate, startReadings } from './transaction-event-meter.ts';
import type { MeterSampleInput } from './types.ts';

const t = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));
const sample = (value: number, minute: number, extra: Partial<MeterSampleInput> = {}): MeterSampleInput => ({
  timestamp: t(minute),
  measurand: 'Energy.Active.Import.Register',
  unit: 'Wh',
  value,
  ...extra,
});
const readings = (energyWh: number | null, minute = 5) => ({ energyWh, powerW: null, soc: null, at: t(minute) });

describe('startReadings', () => {
  it.each([
    ['a Started event: its earliest register', [sample(900, 2), sample(800, 1)], true, 800, 800],
    ['an Updated event: only a Transaction.Begin register', [sample(900, 2), sample(800, 1)], false, null, 800],
    [
      'an Ended event carrying its Transaction.Begin',
      [
        sample(20, 1, { context: 'Transaction.Begin', unit: 'kWh' }),
        sample(23.5, 5, { context: 'Transaction.End', unit: 'kWh' }),
      ],
      false,
      20_000,
      20_000,
    ],
    [
      'a register reported per phase is the sum of its phases; other measurands are not the start',
      [sample(5, 1, { phase: 'L1' }), sample(6, 1, { phase: 'L2' }), sample(7, 1, { measurand: 'SoC' })],
      true,
      11,
      11,
    ],
  ])('%s', (_name, samples, started, begin, first) => {
    const r = startReadings(samples, started);
    expect(r.begin?.wh ?? null).toBe(begin);
    expect(r.first?.wh ?? null).toBe(first);
  });
});

describe('eventMeterUpdate', () => {
  const none = { begin: null, first: null };
  it.each([
    [
      'a new, higher register moves energy',
      { meterStartWh: 1000, lastMeterWh: 1500, energyWh: 500 },
      readings(2000),
      none,
      { lastMeterWh: 2000, energyWh: 1000 },
    ],
    [
      'a late, lower register moves nothing back',
      { meterStartWh: 1000, lastMeterWh: 2000, energyWh: 1000 },
      readings(1500),
      none,
      { energyWh: undefined, lastMeterWh: undefined },
    ],
    [
      'a late start reading lowers the start and adds the energy before it',
      { meterStartWh: 8000, lastMeterWh: 8000, energyWh: 0 },
      readings(5000),
      { begin: { wh: 5000, at: t(0) }, first: { wh: 5000, at: t(0) } },
      { meterStartWh: 5000, lastMeterWh: undefined, energyWh: 3000 },
    ],
    [
      'a repeated start reading changes nothing',
      { meterStartWh: 5000, lastMeterWh: 8000, energyWh: 3000 },
      readings(5000),
      { begin: { wh: 5000, at: t(0) }, first: { wh: 5000, at: t(0) } },
      { meterStartWh: undefined, lastMeterWh: undefined, energyWh: undefined },
    ],
    [
      'no start known: the earliest register of the event is the start',
      { meterStartWh: null, lastMeterWh: null, energyWh: 0 },
      readings(23_500),
      { begin: null, first: { wh: 20_000, at: t(1) } },
      { meterStartWh: 20_000, lastMeterWh: 23_500, energyWh: 3500 },
    ],
  ])('%s', (_name, state, r, starts, expected) => {
    const update = eventMeterUpdate(state, r, starts);
    for (const [key, value] of Object.entries(expected)) expect(update[key as keyof typeof update]).toBe(value);
  });
});
