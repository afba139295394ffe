import { describe, expect, it } from 'vitest';
import { aTariff, constantPower, energy, IST, ist, samples } from '../test/builders.ts';
import { priceSession, type PricedSession } from './price-session.ts';
import type { MeterSampleInput, TariffDefinition } from './index.ts';

const peak = aTariff({
  elements: [
    { label: 'Peak', components: [energy(2200)], restrictions: { startTime: '18:00', endTime: '22:00' } },
    { label: 'Standard', components: [energy(1800)] },
  ],
});
const night = aTariff({
  elements: [
    { label: 'Night', components: [energy(1200)], restrictions: { startTime: '22:00', endTime: '06:00' } },
    { label: 'Standard', components: [energy(1800)] },
  ],
});
const weekend = aTariff({
  elements: [
    { label: 'Weekend', components: [energy(1500)], restrictions: { daysOfWeek: ['SATURDAY', 'SUNDAY'] } },
    { label: 'Standard', components: [energy(1800)] },
  ],
});

type Row = {
  name: string;
  tariff: TariffDefinition;
  samples: MeterSampleInput[];
  endedAt?: number;
  lines: [label: string, wh: number, amount: number][];
  subtotal: number;
  tax: number;
};

const lineSummary = (r: PricedSession) =>
  r.lines.filter((l) => l.dimension === 'ENERGY').map((l) => [l.label, l.quantity / 1000, l.amountMinor]);

describe('priceSession: energy across tariff windows', () => {
  it.each<Row>([
    {
      name: '18:00 boundary between two samples (constant 20 kW)',
      tariff: peak,
      samples: samples(['2026-11-25 17:30', 0], ['2026-11-25 18:30', 20_000]),
      lines: [
        ['Standard', 10_000, 18_000],
        ['Peak', 10_000, 22_000],
      ],
      subtotal: 40_000,
      tax: 7_200,
    },
    {
      name: 'a sample exactly at 18:00',
      tariff: peak,
      samples: samples(['2026-11-25 17:00', 0], ['2026-11-25 18:00', 5_000], ['2026-11-25 19:00', 12_000]),
      lines: [
        ['Standard', 5_000, 9_000],
        ['Peak', 7_000, 15_400],
      ],
      subtotal: 24_400,
      tax: 4_392,
    },
    {
      name: 'unsorted, duplicated, uneven samples interpolate at 18:00 (9.8 kWh before)',
      tariff: peak,
      samples: samples(
        ['2026-11-25 18:30', 20_000],
        ['2026-11-25 17:30', 0],
        ['2026-11-25 17:45', 5_000],
        ['2026-11-25 17:45', 5_000],
        ['2026-11-25 18:10', 13_000],
      ),
      lines: [
        ['Standard', 9_800, 17_640],
        ['Peak', 10_200, 22_440],
      ],
      subtotal: 40_080,
      tax: 7_214, // 7214.4 rounds down
    },
    {
      name: 'a session across midnight inside a 22:00–06:00 window is one night line',
      tariff: night,
      samples: constantPower('2026-11-25 21:00', 240, 10, 60),
      lines: [
        ['Standard', 10_000, 18_000],
        ['Night', 30_000, 36_000],
      ],
      subtotal: 54_000,
      tax: 9_720,
    },
    {
      name: 'Friday 23:30 to Saturday 00:30 switches to the weekend price at midnight',
      tariff: weekend,
      samples: samples(['2026-11-27 23:30', 0], ['2026-11-28 00:30', 10_000]),
      lines: [
        ['Standard', 5_000, 9_000],
        ['Weekend', 5_000, 7_500],
      ],
      subtotal: 16_500,
      tax: 2_970,
    },
    {
      name: 'a promotion ends at local midnight on its endDate (exclusive)',
      tariff: aTariff({
        elements: [
          {
            label: 'Launch promo',
            components: [energy(1000)],
            restrictions: { startDate: '2026-11-01', endDate: '2026-11-26' },
          },
          { label: 'Standard', components: [energy(1800)] },
        ],
      }),
      samples: samples(['2026-11-25 23:30', 0], ['2026-11-26 00:30', 10_000]),
      lines: [
        ['Launch promo', 5_000, 5_000],
        ['Standard', 5_000, 9_000],
      ],
      subtotal: 14_000,
      tax: 2_520,
    },
    {
      name: 'a free window inside a paid one',
      tariff: aTariff({
        freeWindows: [{ label: 'Happy hour', restrictions: { startTime: '13:00', endTime: '14:00' } }],
      }),
      samples: constantPower('2026-11-25 12:30', 120, 12, 30),
      lines: [
        ['Standard', 6_000, 10_800],
        ['Happy hour', 12_000, 0],
        ['Standard', 6_000, 10_800],
      ],
      subtotal: 21_600,
      tax: 3_888,
    },
    {
      name: 'charging more than 10 kWh moves to the bulk price (minKwh, inclusive)',
      tariff: aTariff({
        elements: [
          { label: 'Bulk', components: [energy(1500)], restrictions: { minKwh: 10 } },
          { label: 'Standard', components: [energy(1800)] },
        ],
      }),
      samples: samples(['2026-11-25 10:00', 0], ['2026-11-25 10:20', 4_000], ['2026-11-25 11:00', 20_000]),
      lines: [
        ['Standard', 10_000, 18_000],
        ['Bulk', 10_000, 15_000],
      ],
      subtotal: 33_000,
      tax: 5_940,
    },
    {
      name: 'fast charging above 50 kW costs more (power restriction per sample interval)',
      tariff: aTariff({
        elements: [
          { label: 'Fast', components: [energy(2500)], restrictions: { minPowerKw: 50 } },
          { label: 'Standard', components: [energy(1800)] },
        ],
      }),
      samples: samples(['2026-11-25 10:00', 0], ['2026-11-25 10:30', 30_000], ['2026-11-25 11:00', 35_000]),
      lines: [
        ['Fast', 30_000, 75_000],
        ['Standard', 5_000, 9_000],
      ],
      subtotal: 84_000,
      tax: 15_120,
    },
    {
      name: 'the first hour has its own price (maxDurationSec, exclusive)',
      tariff: aTariff({
        elements: [
          { label: 'First hour', components: [energy(1800)], restrictions: { maxDurationSec: 3600 } },
          { label: 'Later', components: [energy(2400)] },
        ],
      }),
      samples: constantPower('2026-11-25 10:00', 120, 10, 45),
      lines: [
        ['First hour', 10_000, 18_000],
        ['Later', 10_000, 24_000],
      ],
      subtotal: 42_000,
      tax: 7_560,
    },
  ])('$name', ({ tariff, samples: s, endedAt, lines, subtotal, tax }) => {
    const r = priceSession(tariff, { samples: s, timeZone: IST, endedAt });
    expect(lineSummary(r)).toEqual(lines);
    expect(r.subtotalMinor).toBe(subtotal);
    expect(r.taxMinor).toBe(tax);
    expect(r.totalMinor).toBe(subtotal + tax);
    expect(r.lines.reduce((a, l) => a + l.amountMinor + l.taxMinor, 0)).toBe(r.totalMinor);
  });

  it('puts the 18:00 boundary on the line times', () => {
    const r = priceSession(peak, {
      samples: samples(['2026-11-25 17:30', 0], ['2026-11-25 18:30', 20_000]),
      timeZone: IST,
    });
    expect(r.lines.map((l) => [l.from, l.to])).toEqual([
      [ist('2026-11-25 17:30'), ist('2026-11-25 18:00')],
      [ist('2026-11-25 18:00'), ist('2026-11-25 18:30')],
    ]);
  });

  it('reads time of day in the tenant time zone, not UTC', () => {
    const s = samples(['2026-11-25 17:30', 0], ['2026-11-25 18:30', 20_000]);
    const inUtc = priceSession(peak, { samples: s, timeZone: 'UTC' });
    expect(lineSummary(inUtc)).toEqual([['Standard', 20_000, 36_000]]);
  });

  it('holds a register that goes backwards instead of crediting energy', () => {
    const r = priceSession(aTariff(), {
      samples: samples(
        ['2026-11-25 10:00', 1_000],
        ['2026-11-25 10:30', 6_000],
        ['2026-11-25 10:40', 2_000],
        ['2026-11-25 11:00', 11_000],
      ),
      timeZone: IST,
    });
    expect(r.energyMwh).toBe(10_000_000);
    expect(r.subtotalMinor).toBe(18_000);
  });
});

describe('priceSession: time, parking and session fee', () => {
  const withParking = aTariff({
    elements: [{ components: [energy(1800), { dimension: 'PARKING', priceMinor: 200, per: 'minute' }] }],
    idle: { graceMinutes: 10, idleBelowW: 50 },
  });
  const idleSamples = samples(['2026-11-25 10:00', 0], ['2026-11-25 11:00', 10_000], ['2026-11-25 11:40', 10_000]);

  it.each([
    {
      name: 'idle fee starts after the 10-minute grace',
      endedAt: ist('2026-11-25 11:40'),
      parkingMin: 30,
      subtotal: 24_000,
    },
    {
      name: 'no idle fee when unplugged within grace',
      endedAt: ist('2026-11-25 11:08'),
      parkingMin: 0,
      subtotal: 18_000,
    },
    {
      name: 'idle time after the last sample counts up to the stop',
      endedAt: ist('2026-11-25 12:00'),
      parkingMin: 50,
      subtotal: 28_000,
    },
  ])('$name', ({ endedAt, parkingMin, subtotal }) => {
    const s = idleSamples.filter((x) => x.at <= endedAt);
    const r = priceSession(withParking, { samples: s, timeZone: IST, endedAt });
    const parking = r.lines.filter((l) => l.dimension === 'PARKING');
    expect(parking.reduce((a, l) => a + l.quantity, 0)).toBe(parkingMin * 60_000);
    if (parkingMin > 0) expect(parking[0]?.from).toBe(ist('2026-11-25 11:10'));
    expect(r.subtotalMinor).toBe(subtotal);
  });

  it('bills charging time per hour and a session fee once', () => {
    const t = aTariff({
      elements: [
        {
          components: [
            energy(1000),
            { dimension: 'TIME', priceMinor: 6000, per: 'hour' },
            { dimension: 'FLAT', priceMinor: 5000, per: 'session' },
          ],
        },
      ],
    });
    const r = priceSession(t, { samples: idleSamples, timeZone: IST });
    expect(r.lines.map((l) => [l.dimension, l.quantity, l.amountMinor])).toEqual([
      ['ENERGY', 10_000_000, 10_000],
      ['TIME', 3_600_000, 6_000],
      ['FLAT', 1, 5_000],
    ]);
    expect(r.chargingMs).toBe(3_600_000);
  });

  it('waives the session fee when the session starts in a free window', () => {
    const t = aTariff({
      elements: [{ components: [energy(1800), { dimension: 'FLAT', priceMinor: 5000, per: 'session' }] }],
      freeWindows: [{ label: 'Launch', restrictions: { startTime: '09:00', endTime: '10:30' } }],
    });
    const r = priceSession(t, { samples: idleSamples, timeZone: IST });
    expect(r.lines.map((l) => [l.dimension, l.label, l.amountMinor])).toEqual([
      ['ENERGY', 'Launch', 0],
      ['ENERGY', 'Standard', 9_000],
      ['FLAT', 'Launch', 0],
    ]);
  });

  it('rounds the billed energy up to the step size on the last line', () => {
    const t = aTariff({ elements: [{ components: [energy(1800, { stepSize: 1000 })] }] });
    const r = priceSession(t, {
      samples: samples(['2026-11-25 10:00', 0], ['2026-11-25 11:00', 10_200]),
      timeZone: IST,
    });
    expect(r.lines[0]?.quantity).toBe(11_000_000);
    expect(r.energyMwh).toBe(10_200_000);
    expect(r.subtotalMinor).toBe(19_800);
  });
});

describe('priceSession: sponsors', () => {
  it.each([
    {
      name: 'a sponsor pays the first 5 kWh',
      tariff: aTariff({ sponsors: [{ id: 'acme', label: 'Acme', firstWh: 5000 }] }),
      samples: samples(['2026-11-25 10:00', 0], ['2026-11-25 11:00', 20_000]),
      lines: [
        [5_000_000, 9_000, 1_620, 10_620, 'acme'],
        [15_000_000, 27_000, 4_860, 0, null],
      ],
      total: 42_480,
      sponsor: 10_620,
    },
    {
      name: 'a sponsor pays everything between 10:00 and 12:00',
      tariff: aTariff({
        sponsors: [{ id: 'mall', label: 'Mall', restrictions: { startTime: '10:00', endTime: '12:00' } }],
      }),
      samples: constantPower('2026-11-25 09:00', 240, 5, 60),
      lines: [
        [5_000_000, 9_000, 1_620, 0, null],
        [10_000_000, 18_000, 3_240, 21_240, 'mall'],
        [5_000_000, 9_000, 1_620, 0, null],
      ],
      total: 42_480,
      sponsor: 21_240,
    },
    {
      name: 'a sponsor paying half rounds its share half up',
      tariff: aTariff({ sponsors: [{ id: 'half', label: 'Half', shareBps: 5000 }] }),
      samples: samples(['2026-11-25 10:00', 0], ['2026-11-25 11:00', 1_005]),
      lines: [[1_005_000, 1_809, 326, 1_068, 'half']],
      total: 2_135,
      sponsor: 1_068,
    },
  ])('$name', ({ tariff, samples: s, lines, total, sponsor }) => {
    const r = priceSession(tariff, { samples: s, timeZone: IST });
    expect(r.lines.map((l) => [l.quantity, l.amountMinor, l.taxMinor, l.sponsorMinor, l.sponsorId])).toEqual(lines);
    expect(r.totalMinor).toBe(total);
    expect(r.sponsorMinor).toBe(sponsor);
    expect(r.driverMinor).toBe(total - sponsor);
  });
});

describe('priceSession: price bounds and tax rounding', () => {
  it.each([
    {
      name: 'minimum price tops up a small session',
      over: { minPriceMinor: 5000 },
      wh: 1_000,
      adj: 3_200,
      subtotal: 5_000,
      tax: 900,
    },
    {
      name: 'maximum price caps a large session',
      over: { maxPriceMinor: 20_000 },
      wh: 20_000,
      adj: -16_000,
      subtotal: 20_000,
      tax: 3_600,
    },
    {
      name: 'a session inside the bounds is untouched',
      over: { minPriceMinor: 100, maxPriceMinor: 100_000 },
      wh: 10_000,
      adj: null,
      subtotal: 18_000,
      tax: 3_240,
    },
  ])('$name', ({ over, wh, adj, subtotal, tax }) => {
    const r = priceSession(aTariff(over), {
      samples: samples(['2026-11-25 10:00', 0], ['2026-11-25 11:00', wh]),
      timeZone: IST,
    });
    const bound = r.lines.find((l) => l.dimension === 'MIN_PRICE' || l.dimension === 'MAX_PRICE');
    expect(bound?.amountMinor ?? null).toBe(adj);
    expect(r.subtotalMinor).toBe(subtotal);
    expect(r.taxMinor).toBe(tax);
    expect(r.lines.reduce((a, l) => a + l.amountMinor + l.taxMinor, 0)).toBe(subtotal + tax);
  });

  it('a capped session lowers the sponsor share in proportion', () => {
    const t = aTariff({ maxPriceMinor: 20_000, sponsors: [{ id: 'acme', label: 'Acme', firstWh: 5000 }] });
    const r = priceSession(t, {
      samples: samples(['2026-11-25 10:00', 0], ['2026-11-25 11:00', 20_000]),
      timeZone: IST,
    });
    expect(r.lines.map((l) => [l.amountMinor, l.taxMinor, l.sponsorMinor])).toEqual([
      [9_000, 1_620, 10_620],
      [27_000, 4_860, 0],
      [-16_000, -2_880, -4_720],
    ]);
    expect([r.totalMinor, r.sponsorMinor, r.driverMinor]).toEqual([23_600, 5_900, 17_700]);
  });

  it.each([
    // [energy Wh at 100 paise/kWh, line amount, tax at 18%]
    [5, 1, 0], // 0.5 paise rounds half up to 1; tax 0.18 → 0
    [30, 3, 1], // tax 0.54 → 1
    [25, 3, 1], // 2.5 → 3; tax 0.54 → 1
    [250, 25, 5], // tax 4.5 → 5 (half up, not to even)
    [10_030, 1_003, 181], // tax 180.54 → 181
    [10_025, 1_003, 181], // 1002.5 → 1003
  ])('%i Wh at ₹1/kWh: amount %i, tax %i', (wh, amount, tax) => {
    const t = aTariff({ elements: [{ components: [energy(100)] }] });
    const r = priceSession(t, { samples: samples(['2026-11-25 10:00', 0], ['2026-11-25 11:00', wh]), timeZone: IST });
    expect([r.subtotalMinor, r.taxMinor, r.totalMinor]).toEqual([amount, tax, amount + tax]);
  });

  it('taxes the subtotal once and spreads the tax so lines add up exactly', () => {
    // Three lines of 1 paisa each: per-line tax would be 0, tax on the subtotal (3 × 18% = 0.54) is 1.
    const t = aTariff({
      elements: [
        { label: 'A', components: [energy(100)], restrictions: { startTime: '10:00', endTime: '10:20' } },
        { label: 'B', components: [energy(100)], restrictions: { startTime: '10:20', endTime: '10:40' } },
        { label: 'C', components: [energy(100)] },
      ],
    });
    const r = priceSession(t, { samples: samples(['2026-11-25 10:00', 0], ['2026-11-25 11:00', 30]), timeZone: IST });
    expect(r.lines.map((l) => l.amountMinor)).toEqual([1, 1, 1]);
    expect(r.lines.map((l) => l.taxMinor)).toEqual([1, 0, 0]);
    expect(r.taxMinor).toBe(1);
  });

  it('uses the configured tax rate', () => {
    const t = aTariff({ taxRateBps: 500 });
    const r = priceSession(t, {
      samples: samples(['2026-11-25 10:00', 0], ['2026-11-25 11:00', 10_000]),
      timeZone: IST,
    });
    expect([r.subtotalMinor, r.taxMinor]).toEqual([18_000, 900]);
  });
});
