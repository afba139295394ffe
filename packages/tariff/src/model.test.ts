import { describe, expect, it } from 'vitest';
import { parseTariffDefinition, tariffDefinitionSchema, TariffValidationError } from './model.ts';

const ok = { elements: [{ components: [{ dimension: 'ENERGY', priceMinor: 1800 }] }] };

describe('tariff definition schema', () => {
  it('fills defaults: INR, paise, 18% GST, no grace', () => {
    const d = parseTariffDefinition(ok);
    expect([d.currency, d.minorUnits, d.taxRateBps, d.idle.graceMinutes]).toEqual(['INR', 2, 1800, 0]);
    expect(d.elements[0]?.components[0]).toEqual({ dimension: 'ENERGY', priceMinor: 1800, per: 'kWh' });
  });

  it.each([
    {
      name: 'a float price',
      def: { elements: [{ components: [{ dimension: 'ENERGY', priceMinor: 18.5 }] }] },
      path: 'elements.0.components.0.priceMinor',
    },
    {
      name: 'a negative price',
      def: { elements: [{ components: [{ dimension: 'ENERGY', priceMinor: -1 }] }] },
      path: 'elements.0.components.0.priceMinor',
    },
    { name: 'no elements', def: { elements: [] }, path: 'elements' },
    {
      name: 'a bad time',
      def: { elements: [{ ...ok.elements[0], restrictions: { startTime: '24:00', endTime: '06:00' } }] },
      path: 'elements.0.restrictions.startTime',
    },
    {
      name: 'a start without end',
      def: { elements: [{ ...ok.elements[0], restrictions: { startTime: '18:00' } }] },
      path: '',
    },
    { name: 'an unknown field', def: { ...ok, discount: 5 }, path: '' },
    { name: 'min above max price', def: { ...ok, minPriceMinor: 500, maxPriceMinor: 100 }, path: 'minPriceMinor' },
    { name: 'a tax rate above 100%', def: { ...ok, taxRateBps: 10_001 }, path: 'taxRateBps' },
    {
      name: 'duplicate sponsor ids',
      def: {
        ...ok,
        sponsors: [
          { id: 'a', label: 'A' },
          { id: 'a', label: 'B' },
        ],
      },
      path: 'sponsors',
    },
    {
      name: 'the same dimension twice in an element',
      def: {
        elements: [
          {
            components: [
              { dimension: 'ENERGY', priceMinor: 1 },
              { dimension: 'ENERGY', priceMinor: 2 },
            ],
          },
        ],
      },
      path: 'elements.0',
    },
  ])('rejects $name', ({ def, path }) => {
    expect(tariffDefinitionSchema.safeParse(def).success).toBe(false);
    try {
      parseTariffDefinition(def);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TariffValidationError);
      expect((e as TariffValidationError).issues.map((i) => i.path)).toContain(path);
    }
  });
});
