import { describe, expect, it } from 'vitest';
import { isoMinorUnits } from './currency.ts';
import { energyGaps } from './coverage.ts';
import { parseTariffDefinition, TariffValidationError, type TariffDefinitionInput } from './model.ts';
import { newTariffDefinitionSchema, parseNewTariffDefinition } from './validate.ts';

const energy = (priceMinor = 1800) => ({ dimension: 'ENERGY' as const, priceMinor });
const ok: TariffDefinitionInput = { elements: [{ components: [energy()] }] };

function problems(def: TariffDefinitionInput): { path: string; message: string }[] {
  try {
    parseNewTariffDefinition(def);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(TariffValidationError);
    return (e as TariffValidationError).issues;
  }
}

describe('ISO 4217 minor units', () => {
  it.each([
    ['INR', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['EUR', 2],
    ['ZZZ', null],
    ['XAU', null],
    ['inr', null],
  ])('%s has %s', (code, digits) => expect(isoMinorUnits(code)).toBe(digits));
});

describe('publishing checks', () => {
  it('accepts a plain INR tariff', () => expect(problems(ok)).toEqual([]));

  it.each([
    {
      name: 'INR with 0 minor units (₹212 of energy would settle as ₹2.12)',
      def: { ...ok, minorUnits: 0 },
      path: 'minorUnits',
      message: 'INR has 2 minor-unit digits (ISO 4217): minorUnits must be 2, not 0',
    },
    { name: 'JPY with the default 2', def: { ...ok, currency: 'JPY' }, path: 'minorUnits', message: /must be 0/ },
    { name: 'an unknown currency', def: { ...ok, currency: 'ABC' }, path: 'currency', message: /not an ISO 4217/ },
    {
      name: '30 February',
      def: { elements: [{ components: [energy()], restrictions: { startDate: '2026-02-30' } }, ok.elements[0]!] },
      path: 'elements.0.restrictions.startDate',
      message: '2026-02-30 is not a calendar date',
    },
    {
      name: 'an impossible end date in a free window',
      def: { ...ok, freeWindows: [{ label: 'Launch', restrictions: { endDate: '2026-04-31' } }] },
      path: 'freeWindows.0.restrictions.endDate',
      message: /not a calendar date/,
    },
    {
      name: 'minKwh above maxKwh',
      def: { elements: [{ components: [energy()], restrictions: { minKwh: 20, maxKwh: 10 } }, ok.elements[0]!] },
      path: 'elements.0.restrictions.minKwh',
      message: 'minKwh (20 kWh) must be below maxKwh (10 kWh)',
    },
    {
      name: 'minPowerKw equal to maxPowerKw (max is exclusive: matches nothing)',
      def: {
        elements: [{ components: [energy()], restrictions: { minPowerKw: 22, maxPowerKw: 22 } }, ok.elements[0]!],
      },
      path: 'elements.0.restrictions.minPowerKw',
      message: /must be below maxPowerKw/,
    },
    {
      name: 'minDurationSec above maxDurationSec',
      def: {
        elements: [
          { components: [energy()], restrictions: { minDurationSec: 3600, maxDurationSec: 60 } },
          ok.elements[0]!,
        ],
      },
      path: 'elements.0.restrictions.minDurationSec',
      message: /must be below maxDurationSec/,
    },
    {
      name: 'energy priced only 06:00–18:00',
      def: { elements: [{ components: [energy()], restrictions: { startTime: '06:00', endTime: '18:00' } }] },
      path: 'elements',
      message: 'Energy is not priced every day 00:00–06:00, 18:00–24:00',
    },
  ])('refuses $name', ({ def, path, message }) => {
    const found = problems(def);
    expect(found.map((p) => p.path)).toContain(path);
    expect(found.find((p) => p.path === path)?.message).toMatch(message);
    // The shape alone still reads it: a version stored before these checks keeps pricing.
    expect(() => parseTariffDefinition(def)).not.toThrow();
  });

  it('is what the schema for new tariffs says too', () => {
    expect(newTariffDefinitionSchema.safeParse({ ...ok, minorUnits: 0 }).success).toBe(false);
  });
});

describe('energy gaps', () => {
  const def = (input: TariffDefinitionInput) => parseTariffDefinition(input);

  it.each<{ name: string; input: TariffDefinitionInput; gaps: string[] }>([
    { name: 'one unrestricted element', input: ok, gaps: [] },
    {
      name: 'peak plus an off-peak fallback',
      input: {
        elements: [
          { components: [energy(2400)], restrictions: { startTime: '18:00', endTime: '22:00' } },
          { components: [energy()] },
        ],
      },
      gaps: [],
    },
    {
      name: 'day and night windows that meet across midnight',
      input: {
        elements: [
          { components: [energy()], restrictions: { startTime: '06:00', endTime: '22:00' } },
          { components: [energy(1200)], restrictions: { startTime: '22:00', endTime: '06:00' } },
        ],
      },
      gaps: [],
    },
    {
      name: 'weekdays only',
      input: {
        elements: [
          {
            components: [energy()],
            restrictions: { daysOfWeek: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] },
          },
        ],
      },
      gaps: ['Energy is not priced on Saturday 00:00–24:00', 'Energy is not priced on Sunday 00:00–24:00'],
    },
    {
      name: 'kWh tiers that meet',
      input: {
        elements: [
          { components: [energy()], restrictions: { maxKwh: 10 } },
          { components: [energy(1500)], restrictions: { minKwh: 10 } },
        ],
      },
      gaps: [],
    },
    {
      name: 'a kWh tier with nothing after it',
      input: { elements: [{ components: [energy()], restrictions: { maxKwh: 10 } }] },
      gaps: ['Energy is not priced every day 00:00–24:00 from 10 kWh into a session'],
    },
    {
      name: 'a tier that starts at 1 kWh with nothing before it',
      input: { elements: [{ components: [energy()], restrictions: { minKwh: 1 } }] },
      gaps: ["Energy is not priced every day 00:00–24:00 in a session's first 1 kWh"],
    },
    {
      name: 'a fast-charging price from 50 kW and a slow one below 22 kW',
      input: {
        elements: [
          { components: [energy(2400)], restrictions: { minPowerKw: 50 } },
          { components: [energy()], restrictions: { maxPowerKw: 22 } },
        ],
      },
      gaps: ['Energy is not priced every day 00:00–24:00 at 22 to 50 kW'],
    },
    {
      name: 'a launch price until a date with nothing after it',
      input: { elements: [{ components: [energy()], restrictions: { endDate: '2027-01-01' } }] },
      gaps: ['Energy is not priced from 2027-01-01 every day 00:00–24:00'],
    },
    {
      name: 'a gap covered by a free window',
      input: {
        elements: [{ components: [energy()], restrictions: { startTime: '06:00', endTime: '22:00' } }],
        freeWindows: [{ label: 'Free nights', restrictions: { startTime: '22:00', endTime: '06:00' } }],
      },
      gaps: [],
    },
    {
      name: 'a tariff that prices time only',
      input: { elements: [{ components: [{ dimension: 'TIME', priceMinor: 6000 }] }] },
      gaps: [],
    },
  ])('$name', ({ input, gaps }) => expect(energyGaps(def(input))).toEqual(gaps));
});
