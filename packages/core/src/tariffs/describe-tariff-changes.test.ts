import { describe, expect, it } from 'vitest';
import { parseTariffDefinition, type TariffDefinitionInput } from '@magma/tariff';
import { describeTariffChanges } from './describe-tariff-changes.ts';
import { defaultTariffDefinition } from './seed-default-tariff.ts';

const base = () =>
  defaultTariffDefinition() as TariffDefinitionInput & { elements: NonNullable<TariffDefinitionInput['elements']> };
const changes = (edit: (d: ReturnType<typeof base>) => void) => {
  const after = base();
  edit(after);
  return describeTariffChanges(parseTariffDefinition(base()), parseTariffDefinition(after));
};

describe('describeTariffChanges', () => {
  it.each([
    ['the first version', null, ['First version']],
    [
      'a price',
      (d: ReturnType<typeof base>) =>
        (d.elements[1]!.components[0] = { dimension: 'ENERGY', priceMinor: 1950, per: 'kWh' }),
      ['Standard: energy ₹18.00/kWh → ₹19.50/kWh'],
    ],
    ['the tax rate', (d: ReturnType<typeof base>) => (d.taxRateBps = 500), ['Tax 18% → 5%']],
    ['a minimum price', (d: ReturnType<typeof base>) => (d.minPriceMinor = 5000), ['Set the minimum price to ₹50.00']],
    [
      'the hours of a window painted over two runs',
      (d: ReturnType<typeof base>) =>
        d.elements.splice(1, 0, {
          ...d.elements[0]!,
          restrictions: { startTime: '06:00', endTime: '08:00', daysOfWeek: ['SATURDAY'] },
        }),
      ['Peak 18:00–22:00: hours now 18:00–22:00; 06:00–08:00 SAT'],
    ],
    [
      'a sponsor',
      (d: ReturnType<typeof base>) => (d.sponsors = [{ id: 'mall', label: 'Mall X', firstWh: 5000 }]),
      ['Added sponsor “Mall X”'],
    ],
    ['nothing', () => {}, ['No change']],
  ])('says in words what changed: %s', (_what, edit, expected) => {
    if (edit === null) expect(describeTariffChanges(null, parseTariffDefinition(base()))).toEqual(expected);
    else expect(changes(edit)).toEqual(expected);
  });
});
