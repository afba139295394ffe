import { describe, expect, it } from 'vitest';
import { publishTariffVersionInput } from './publish-tariff-version.ts';
import { defaultTariffDefinition } from './seed-default-tariff.ts';

describe('publishTariffVersionInput', () => {
  const ok = { name: 'Standard', definition: defaultTariffDefinition() };

  it('accepts the demo tariff and fills the definition defaults', () => {
    const r = publishTariffVersionInput.parse({ ...ok, connectorType: 'CCS2', activeFrom: '2026-12-01T00:00:00Z' });
    expect(r.definition.freeWindows).toEqual([]);
    expect(r.activeFrom).toEqual(new Date('2026-12-01T00:00:00Z'));
  });

  it.each([
    { name: 'an unknown connector type', patch: { connectorType: 'SCHUKO' } },
    { name: 'a site id that is not a uuid', patch: { siteId: 'mall' } },
    {
      name: 'a definition with a float price',
      patch: { definition: { elements: [{ components: [{ dimension: 'ENERGY', priceMinor: 18.5 }] }] } },
    },
  ])('rejects $name', ({ patch }) => {
    expect(publishTariffVersionInput.safeParse({ ...ok, ...patch }).success).toBe(false);
  });
});
