import { billedAmounts } from '@magma/core/tariffs';
import { describe, expect, it } from 'vitest';
import { billRows } from './bill-rows.ts';

const final = (a: ReturnType<typeof billedAmounts>) => ({
  costMinor: a.driver.grossMinor,
  taxMinor: a.driver.taxMinor,
  refundMinor: 0,
  lines: [],
  taxRateBps: 1800,
  amounts: a,
});
const rows = (a: ReturnType<typeof billedAmounts>) =>
  billRows(final(a), 'INR').map((r) => `${r.label} ${r.value}`.replace(/\u00a0/g, ' '));

describe('the driver page’s bill (issue #16)', () => {
  it('a sponsored session: the driver’s taxable value and GST, not the whole session’s', () => {
    // ₹396.00 + ₹71.28; sponsor ₹106.20 (₹90.00 + ₹16.20); driver ₹361.08 = ₹306.00 + ₹55.08
    expect(
      rows(billedAmounts({ subtotalMinor: 39600, taxMinor: 7128, sponsorMinor: 10620, taxRateBps: 1800 })),
    ).toEqual([
      'Charges before tax ₹396.00',
      'GST (18%) ₹71.28',
      'Charges ₹467.28',
      'Paid by the sponsor (₹90.00 + GST (18%) ₹16.20) −₹106.20',
      'Your taxable value ₹306.00',
      'Your GST (18%) ₹55.08',
      'Total you pay ₹361.08',
    ]);
  });

  it('an overrun: billed at the prepaid ₹100.00, ₹6.20 waived', () => {
    // ₹90.00 + ₹16.20 = ₹106.20; billed 10000 / 1.18 → ₹84.75 + ₹15.25
    expect(
      rows(
        billedAmounts({ subtotalMinor: 9000, taxMinor: 1620, sponsorMinor: 0, taxRateBps: 1800, writtenOffMinor: 620 }),
      ),
    ).toEqual([
      'Charges before tax ₹90.00',
      'GST (18%) ₹16.20',
      'Charges ₹106.20',
      'Beyond your prepaid amount, waived −₹6.20',
      'Your taxable value ₹84.75',
      'Your GST (18%) ₹15.25',
      'Total you pay ₹100.00',
    ]);
  });

  it('a plain session: taxable value, GST, total', () => {
    expect(rows(billedAmounts({ subtotalMinor: 10000, taxMinor: 1800, sponsorMinor: 0, taxRateBps: 1800 }))).toEqual([
      'Taxable value ₹100.00',
      'GST (18%) ₹18.00',
      'Total ₹118.00',
    ]);
  });
});
