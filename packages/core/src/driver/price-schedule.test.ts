import { describe, expect, it } from 'vitest';
import { quoteSession, tariffDefinitionSchema } from '@magma/tariff';
import { energyEstimate, priceSchedule } from './price-schedule.ts';

// Hand-computed: ₹20/kWh, ₹30/kWh in the evening peak 18:00–22:00 (Asia/Kolkata), 18% GST.
const touTariff = tariffDefinitionSchema.parse({
  currency: 'INR',
  taxRateBps: 1800,
  elements: [
    {
      label: 'Peak',
      components: [{ dimension: 'ENERGY', priceMinor: 3000 }],
      restrictions: { startTime: '18:00', endTime: '22:00' },
    },
    {
      label: 'Standard',
      components: [
        { dimension: 'ENERGY', priceMinor: 2000 },
        { dimension: 'FLAT', priceMinor: 5000 },
      ],
    },
  ],
});
const TZ = 'Asia/Kolkata';
const at17 = Date.parse('2026-03-10T11:30:00Z'); // 17:00 in Kolkata
const at19 = Date.parse('2026-03-10T13:30:00Z'); // 19:00 in Kolkata

function nowLine(at: number) {
  const l = quoteSession(touTariff, { startAt: at, energyKwh: 1, powerKw: 10, timeZone: TZ }).lines.find(
    (x) => x.dimension === 'ENERGY',
  );
  return l ? { label: l.label, unitPriceMinor: l.unitPriceMinor } : null;
}

describe('the price schedule a driver sees before paying', () => {
  it('lists the evening peak as well as the price now, with tax, and marks the one that applies now', () => {
    expect(priceSchedule(touTariff, nowLine(at17))).toEqual([
      { label: 'Peak', when: '18:00–22:00', energyPerKwhInclTaxMinor: 3540, others: [], now: false },
      {
        label: 'Standard',
        when: 'All other times',
        energyPerKwhInclTaxMinor: 2360,
        others: ['₹59.00 per session'],
        now: true,
      },
    ]);
    expect(priceSchedule(touTariff, nowLine(at19)).map((r) => r.now)).toEqual([true, false]);
    // A label that already says when ("Peak 18:00–22:00") is not followed by the window again.
    const labelled = tariffDefinitionSchema.parse({
      ...touTariff,
      elements: [{ ...touTariff.elements[0], label: 'Peak 18:00–22:00' }, touTariff.elements[1]],
    });
    expect(priceSchedule(labelled, null).map((r) => [r.label, r.when])).toEqual([
      ['Peak 18:00–22:00', ''],
      ['Standard', 'All other times'],
    ]);
  });
});

describe('what an amount buys, with the prices that will apply', () => {
  it('prices the hour after 18:00 at the peak price (10 kW from 17:00)', () => {
    const e = energyEstimate(touTariff, { startAt: at17, powerKw: 10, timeZone: TZ })!;
    const at = (wh: number) => e.points.find((p) => p.wh === wh)?.costMinor;
    // 10 kWh by 18:00 at ₹20 + ₹50 session fee, 18% GST: (20000 + 5000) × 1.18 = 29500.
    expect(at(10_000)).toBe(29_500);
    // Then 10 kWh in the peak at ₹30: (20000 + 30000 + 5000) × 1.18 = 64900 (not 20 × ₹23.60 + ₹59 = 53100).
    expect(at(20_000)).toBe(64_900);
    for (let i = 1; i < e.points.length; i++) {
      expect(e.points[i]!.wh).toBeGreaterThan(e.points[i - 1]!.wh);
      expect(e.points[i]!.costMinor).toBeGreaterThanOrEqual(e.points[i - 1]!.costMinor);
      expect(Number.isInteger(e.points[i]!.costMinor)).toBe(true);
    }
  });

  it('is bounded by what the connector delivers in 8 hours, at most 150 kWh, whatever the price', () => {
    const cheap = tariffDefinitionSchema.parse({
      currency: 'INR',
      taxRateBps: 1800,
      elements: [{ components: [{ dimension: 'ENERGY', priceMinor: 1 }] }],
    });
    expect(energyEstimate(cheap, { startAt: at17, powerKw: 7.4, timeZone: TZ })).toMatchObject({
      capWh: 59_200,
      hours: 8,
    });
    expect(energyEstimate(cheap, { startAt: at17, powerKw: 60, timeZone: TZ })?.capWh).toBe(150_000);
  });

  it('says nothing in kWh when the tariff prices no energy', () => {
    const timeOnly = tariffDefinitionSchema.parse({
      currency: 'INR',
      taxRateBps: 1800,
      elements: [{ components: [{ dimension: 'TIME', priceMinor: 6000, per: 'hour' }] }],
    });
    expect(energyEstimate(timeOnly, { startAt: at17, powerKw: 7.4, timeZone: TZ })).toBeNull();
    expect(priceSchedule(timeOnly, null)).toEqual([
      {
        label: 'Standard',
        when: 'All day',
        energyPerKwhInclTaxMinor: null,
        others: ['₹70.80 per hour of charging'],
        now: false,
      },
    ]);
  });
});
