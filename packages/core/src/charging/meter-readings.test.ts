import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meterReadings } from './meter-readings.ts';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

describe('meterReadings', () => {
  it.each([
    // Register precision is kept to the mWh (issue #20: 125.11 Wh was stored as 125).
    ['Wh register', [{ measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 1234.4 }], { energyWh: 1234.4 }],
    [
      'kWh register to the mWh',
      [{ measurand: 'Energy.Active.Import.Register', unit: 'kWh', value: 0.12511 }],
      { energyWh: 125.11 },
    ],
    ['kWh register', [{ measurand: 'Energy.Active.Import.Register', unit: 'kWh', value: 1.5 }], { energyWh: 1500 }],
    ['kW power', [{ measurand: 'Power.Active.Import', unit: 'kW', value: 7.2 }], { powerW: 7200 }],
    ['SoC', [{ measurand: 'SoC', unit: 'Percent', value: 55 }], { soc: 55 }],
  ])('reads %s', (_name, rows, expected) => {
    const samples = rows.map((r) => ({ ...r, timestamp: at(1) }));
    expect(meterReadings(samples)).toMatchObject(expected);
  });

  it('keeps a power or state of charge no charger can mean out of the live figures', () => {
    const r = meterReadings([
      { measurand: 'Power.Active.Import', unit: 'W', value: 7000, timestamp: at(1) },
      { measurand: 'SoC', unit: 'Percent', value: 40, timestamp: at(1) },
      { measurand: 'Power.Active.Import', unit: 'kW', value: 5e9, timestamp: at(2) },
      { measurand: 'SoC', unit: 'Percent', value: 250, timestamp: at(2) },
      { measurand: 'SoC', unit: 'Percent', value: -1, timestamp: at(3) },
    ]);
    expect(r).toEqual({ energyWh: null, powerW: 7000, soc: 40, at: at(1) });
  });

  it('takes the latest reading, and the whole-charger register over its phases', () => {
    const r = meterReadings([
      { measurand: 'Energy.Active.Import.Register', value: 200, timestamp: at(2) },
      { measurand: 'Energy.Active.Import.Register', value: 100, timestamp: at(1) },
      { measurand: 'Energy.Active.Import.Register', value: 999, phase: 'L1', timestamp: at(3) },
    ]);
    expect(r.energyWh).toBe(200);
  });

  it('reads energy and power at the connector (Outlet, the default) over the grid inlet or the EV', () => {
    const energy = (value: number, location?: string, s = 1) => ({
      measurand: 'Energy.Active.Import.Register',
      value,
      location,
      timestamp: at(s),
    });
    const power = (value: number, location?: string, s = 1) => ({
      measurand: 'Power.Active.Import',
      value,
      location,
      timestamp: at(s),
    });
    // Outlet first or last, named or by default; a later inlet reading does not displace it.
    expect(meterReadings([energy(12_500, 'Outlet'), energy(99_000, 'Inlet')]).energyWh).toBe(12_500);
    expect(meterReadings([energy(99_000, 'Inlet', 2), energy(12_500)]).energyWh).toBe(12_500);
    expect(meterReadings([power(7200), power(7400, 'Inlet', 2), power(7100, 'EV', 3)])).toEqual({
      energyWh: null,
      powerW: 7200,
      soc: null,
      at: at(1),
    });
    // A charger that reports its inlet only is read there, ahead of the EV's own figures.
    expect(meterReadings([energy(5_000, 'EV', 2), energy(99_000, 'Inlet')]).energyWh).toBe(99_000);
    // Per-phase power likewise.
    const phased = (value: number, phase: string, location?: string) => ({ ...power(value, location), phase });
    expect(meterReadings([phased(3000, 'L1'), phased(3100, 'L1', 'Inlet'), phased(3000, 'L2')]).powerW).toBe(6000);
  });

  it('adds up per-phase power when the charger reports no whole-charger power', () => {
    const phase = (phase: string, kw: number, s = 1) => ({
      measurand: 'Power.Active.Import',
      unit: 'kW',
      value: kw,
      phase,
      timestamp: at(s),
    });
    // 3 × 7.4 kW on L1-N/L2-N/L3-N; an older L1 reading, neutral and line-to-line do not count.
    const r = meterReadings([
      phase('L1', 11, 0),
      phase('L1-N', 7.4, 2),
      phase('L2-N', 7.4, 2),
      phase('L3-N', 7.4, 2),
      phase('N', 0.5, 2),
      phase('L1-L2', 12.8, 2),
    ]);
    expect(r).toEqual({ energyWh: null, powerW: 22200, soc: null, at: at(2) });
    // A whole-charger power reading wins over the phases.
    expect(
      meterReadings([phase('L1', 7, 2), { measurand: 'Power.Active.Import', unit: 'W', value: 6900, timestamp: at(1) }])
        .powerW,
    ).toBe(6900);
  });

  it('adds up per-phase registers when the charger reports no whole-charger register', () => {
    const phase = (phase: string, kwh: number, s: number) => ({
      measurand: 'Energy.Active.Import.Register',
      unit: 'kWh',
      value: kwh,
      phase,
      timestamp: at(s),
    });
    const r = meterReadings([phase('L1', 1, 1), phase('L1', 1.2, 2), phase('L2', 1.3, 2), phase('L3', 1.4, 2)]);
    expect(r).toEqual({ energyWh: 3900, powerW: null, soc: null, at: at(2) });
  });

  it('reads the energy of each interval when the charger reports no register', () => {
    const interval = (value: number, s: number, extra: { unit?: string; phase?: string } = {}) => ({
      measurand: 'Energy.Active.Import.Interval',
      value,
      timestamp: at(s),
      ...extra,
    });
    const r = meterReadings([
      interval(500, 1),
      interval(0.3, 2, { unit: 'kWh' }),
      interval(100, 3, { phase: 'L1' }),
      interval(120, 3, { phase: 'L2' }),
    ]);
    expect(r).toEqual({
      energyWh: null,
      powerW: null,
      soc: null,
      at: at(3),
      intervals: [
        { at: at(1), wh: 500 },
        { at: at(2), wh: 300 },
        { at: at(3), wh: 220 },
      ],
    });
    // A register, when there is one, is the session's energy.
    const withRegister = meterReadings([
      interval(500, 1),
      { measurand: 'Energy.Active.Import.Register', value: 9000, timestamp: at(1) },
    ]);
    expect(withRegister).toEqual({ energyWh: 9000, powerW: null, soc: null, at: at(1) });
  });

  it('reads what sorting by time and keeping the last of each measurand reads, ties to the later sample', () => {
    const measurands = ['Energy.Active.Import.Register', 'Power.Active.Import', 'SoC', 'Voltage'];
    const sample = fc.record({
      measurand: fc.constantFrom(...measurands),
      value: fc.double({ min: 0, max: 1e6, noNaN: true }),
      unit: fc.constantFrom('Wh', 'kWh', 'W', 'kW', undefined),
      phase: fc.constantFrom(undefined, null, 'L1', 'L2-N', 'N'),
      timestamp: fc.integer({ min: 0, max: 5 }).map(at),
    });
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 12 }), (samples) => {
        const expected = meterReadings([]);
        const sorted = samples.filter((s) => !s.phase).sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
        const field = {
          'Energy.Active.Import.Register': 'energyWh',
          'Power.Active.Import': 'powerW',
          SoC: 'soc',
        } as const;
        // A sample counts if it reads on its own (a state of charge past 100% does not).
        const reads = (s: (typeof sorted)[number]) =>
          s.measurand !== 'Voltage' &&
          meterReadings([{ ...s, phase: null }])[field[s.measurand as keyof typeof field]] !== null;
        const counted = sorted.filter(reads);
        for (const s of counted) {
          const key = field[s.measurand as keyof typeof field];
          expected[key] = meterReadings([{ ...s, phase: null }])[key];
        }
        expected.at = counted.at(-1)?.timestamp ?? null;
        // No whole-charger power: the latest per-phase power readings (L1, L2-N) add up.
        const phased = samples.filter(
          (s) => s.measurand === 'Power.Active.Import' && (s.phase === 'L1' || s.phase === 'L2-N'),
        );
        // No whole-charger register: the latest per-phase registers (L1, L2-N) add up.
        const phasedEnergy = samples.filter(
          (s) => s.measurand === 'Energy.Active.Import.Register' && (s.phase === 'L1' || s.phase === 'L2-N'),
        );
        if (expected.energyWh === null && phasedEnergy.length) {
          const last = Math.max(...phasedEnergy.map((s) => s.timestamp.getTime()));
          const byPhase = new Map<string, number>();
          for (const s of phasedEnergy)
            if (s.timestamp.getTime() === last) byPhase.set(s.phase!, s.unit === 'kWh' ? s.value * 1000 : s.value);
          expected.energyWh = Math.round([...byPhase.values()].reduce((a, b) => a + b, 0) * 1000) / 1000;
          if (!expected.at || last >= expected.at.getTime()) expected.at = new Date(last);
        }
        if (expected.powerW === null && phased.length) {
          const last = Math.max(...phased.map((s) => s.timestamp.getTime()));
          const byPhase = new Map<string, number>();
          for (const s of phased)
            if (s.timestamp.getTime() === last) byPhase.set(s.phase!, meterReadings([{ ...s, phase: null }]).powerW!);
          expected.powerW = [...byPhase.values()].reduce((a, b) => a + b, 0);
          if (!expected.at || last >= expected.at.getTime()) expected.at = new Date(last);
        }
        expect(meterReadings(samples)).toEqual(expected);
      }),
    );
  });
});
