import { describe, expect, it } from 'vitest';
import { parseTariffDefinition, type TariffDefinitionInput } from '@magma/tariff';
import { fromDefinition, toDefinition } from './draft.ts';
import { formatMoney, parseMajor } from './money.ts';
import { cellIndex, cellsToRestrictions, noCells, restrictionsToCells } from './week.ts';

const standard: TariffDefinitionInput = {
  currency: 'INR',
  minorUnits: 2,
  taxRateBps: 1800,
  elements: [
    {
      label: 'Peak 18:00–22:00',
      components: [
        { dimension: 'ENERGY', priceMinor: 2200, per: 'kWh' },
        { dimension: 'PARKING', priceMinor: 200, per: 'minute' },
      ],
      restrictions: { startTime: '18:00', endTime: '22:00' },
    },
    {
      label: 'Standard',
      components: [
        { dimension: 'ENERGY', priceMinor: 1800, per: 'kWh' },
        { dimension: 'PARKING', priceMinor: 200, per: 'minute' },
      ],
    },
  ],
  idle: { graceMinutes: 10, idleBelowW: 50 },
};

describe('rupee input', () => {
  it.each([
    ['22', 2200],
    ['22.5', 2250],
    ['₹1,234.50', 123450],
    ['22.504', 2250],
    ['22.505', 2251], // half up, once
    ['0.005', 1],
    ['0.004', 0],
    ['', null],
  ])('%s → %s paise', (text, minor) => {
    expect(parseMajor(text)).toEqual({ ok: true, minor });
  });

  it.each(['abc', '-5', '1.2.3'])('refuses %s in words', (text) => {
    expect(parseMajor(text)).toMatchObject({ ok: false, error: expect.stringMatching(/amount|negative/) });
  });

  it('formats paise with Indian grouping and no float', () => {
    expect(formatMoney(12345678, 'INR')).toBe('₹1,23,456.78');
    expect(formatMoney(5, 'INR')).toBe('₹0.05');
  });
});

describe('week grid', () => {
  it('groups runs with the same hours across days into one restriction', () => {
    const cells = noCells();
    for (const d of [0, 1, 2, 3, 4]) for (const h of [18, 19, 20, 21]) cells[cellIndex(d, h)] = true;
    cells[cellIndex(5, 23)] = true;
    expect(cellsToRestrictions(cells)).toEqual([
      { startTime: '18:00', endTime: '22:00', daysOfWeek: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] },
      { startTime: '23:00', endTime: '00:00', daysOfWeek: ['SATURDAY'] },
    ]);
  });

  it('reads a window crossing midnight on the local day of each hour, and refuses what it cannot show', () => {
    const cells = restrictionsToCells({ startTime: '22:00', endTime: '06:00', daysOfWeek: ['SUNDAY'] })!;
    expect(cells.map((v, i) => (v ? i : -1)).filter((i) => i >= 0)).toEqual([144, 145, 146, 147, 148, 149, 166, 167]);
    expect(restrictionsToCells({ startTime: '17:30', endTime: '18:00' })).toBeNull();
    expect(restrictionsToCells({ minKwh: 10 })).toBeNull();
  });
});

describe('draft', () => {
  it('round-trips the standard tariff', () => {
    const def = parseTariffDefinition(standard);
    const built = toDefinition(fromDefinition(def));
    expect(built.errors).toEqual({});
    expect(parseTariffDefinition(built.definition)).toEqual(def);
  });

  it('puts problems next to the field, in words', () => {
    const d = fromDefinition(parseTariffDefinition(standard));
    const peak = d.windows[0]!;
    if (peak.kind !== 'price') throw new Error('expected a price window');
    peak.prices.energy = 'lots';
    d.minPrice = '500';
    d.maxPrice = '100';
    d.taxPercent = '180';
    d.windows.push({
      id: 'cap',
      kind: 'cap',
      name: 'Evening cap',
      cells: noCells(),
      maxKw: '0',
      siteCap: '',
      siteUnit: 'kW',
    });
    expect(toDefinition(d).errors).toEqual({
      [`${peak.id}.energy`]: 'Enter an amount like 22.50',
      min: 'The minimum price is above the maximum price',
      tax: 'Enter a tax rate between 0 and 100%',
      'cap.cells': 'Paint its hours on the week grid',
      'cap.maxKw': 'Enter the power limit in kW, more than 0',
    });
  });
});

describe('peak-hour throttling in a power cap (issue #21)', () => {
  const withCap = (siteCap: string, siteUnit: 'kW' | '%') => {
    const d = fromDefinition(parseTariffDefinition(standard));
    const cells = noCells();
    for (let i = 18; i < 22; i++) cells[i] = true;
    d.windows.push({ id: 'cap', kind: 'cap', name: 'Evening peak', cells, maxKw: '22', siteCap, siteUnit });
    return d;
  };

  it.each([
    ['60', 'kW', { siteMaxKw: 60 }],
    ['50', '%', { sitePct: 50 }],
    ['', 'kW', {}],
  ] as const)('a site limit of "%s" %s is published as %o and reads back the same', (siteCap, unit, field) => {
    const built = toDefinition(withCap(siteCap, unit));
    expect(built.errors).toEqual({});
    const caps = parseTariffDefinition(built.definition).powerCaps;
    expect(caps).toHaveLength(1);
    expect(caps[0]).toEqual({ label: 'Evening peak', maxKw: 22, ...field, restrictions: caps[0]!.restrictions });
    const again = fromDefinition(parseTariffDefinition(built.definition)).windows.find((w) => w.kind === 'cap');
    expect(again).toMatchObject({ siteCap, siteUnit: siteCap === '' ? 'kW' : unit });
  });

  it.each([
    ['0', 'kW', 'Enter the site limit in kW, more than 0'],
    ['many', 'kW', 'Enter the site limit in kW, more than 0'],
    ['120', '%', 'Enter the share of the site as a whole percent, 1 to 100'],
    ['12.5', '%', 'Enter the share of the site as a whole percent, 1 to 100'],
  ] as const)('refuses a site limit of "%s" %s beside the field', (siteCap, unit, message) => {
    expect(toDefinition(withCap(siteCap, unit)).errors).toEqual({ 'cap.siteCap': message });
  });
});

describe('publishing checks in the editor (issue #16)', () => {
  it('says when energy is left unpriced, and where', () => {
    // The standard window without an energy price: energy outside 18:00–22:00 would be priced 0.
    const d = fromDefinition(parseTariffDefinition(standard));
    const base = d.windows.length;
    d.standard.energy = '';
    const built = toDefinition(d);
    expect(base).toBeGreaterThan(0);
    expect(built.gaps).toEqual(['Energy is not priced every day 00:00–18:00, 22:00–24:00']);
    expect(built.errors.general).toMatch(/^Energy is not priced every day 00:00–18:00, 22:00–24:00: /);
  });

  it('refuses minor units the currency does not have', () => {
    const d = fromDefinition(parseTariffDefinition(standard));
    d.minorUnits = 0;
    expect(Object.values(toDefinition(d).errors).join(' ')).toMatch(/INR has 2 minor-unit digits/);
  });
});

describe('take effect', () => {
  it('reads the input in the tenant’s time zone and refuses the past', async () => {
    const { localInputToInstant, takeEffectError } = await import('./take-effect.ts');
    expect(localInputToInstant('2026-12-01T06:00', 'Asia/Kolkata')).toBe(Date.parse('2026-12-01T00:30:00Z'));
    expect(localInputToInstant('2026-02-30T06:00', 'Asia/Kolkata')).toBeNull();
    const now = Date.parse('2026-11-25T04:00:00Z');
    expect(takeEffectError('2026-11-25T09:00', 'Asia/Kolkata', now)).toBe('Pick a time in the future, or publish now');
    expect(takeEffectError('2026-11-25T10:00', 'Asia/Kolkata', now)).toBeNull();
  });
});
