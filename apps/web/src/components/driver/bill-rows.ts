import type { DriverSessionView } from '@magma/core/driver';
import { money } from './format.ts';

// The bill's totals as the receipt email states them: the driver's taxable value and GST, and
// when part of the price is paid by a sponsor or waived beyond the prepaid amount, that part too.

export type BillRow = { label: string; value: string; strong?: boolean; testId?: string };

const gstLabel = (bps: number) => `GST (${(bps / 100).toFixed(bps % 100 ? 2 : 0)}%)`;

export function billRows(f: NonNullable<DriverSessionView['final']>, currency: string): BillRow[] {
  const m = (minor: number) => money(minor, currency);
  const gst = gstLabel(f.taxRateBps);
  const a = f.amounts;
  const total: BillRow = { label: 'Total', value: m(f.costMinor), strong: true, testId: 'final-cost' };
  if (!a) return [{ label: 'GST', value: m(f.taxMinor) }, total];
  if (!a.sponsor.grossMinor && !a.writtenOff.grossMinor) {
    return [
      { label: 'Taxable value', value: m(a.driver.taxableMinor) },
      { label: gst, value: m(a.driver.taxMinor), testId: 'final-tax' },
      total,
    ];
  }
  const rows: BillRow[] = [
    { label: 'Charges before tax', value: m(a.rated.taxableMinor) },
    { label: gst, value: m(a.rated.taxMinor) },
    { label: 'Charges', value: m(a.rated.grossMinor) },
  ];
  if (a.sponsor.grossMinor) {
    rows.push({
      label: `Paid by the sponsor (${m(a.sponsor.taxableMinor)} + ${gst} ${m(a.sponsor.taxMinor)})`,
      value: m(-a.sponsor.grossMinor),
      testId: 'final-sponsor',
    });
  }
  if (a.writtenOff.grossMinor) {
    rows.push({
      label: 'Beyond your prepaid amount, waived',
      value: m(-a.writtenOff.grossMinor),
      testId: 'final-written-off',
    });
  }
  rows.push(
    { label: 'Your taxable value', value: m(a.driver.taxableMinor), testId: 'final-taxable' },
    { label: `Your ${gst}`, value: m(a.driver.taxMinor), testId: 'final-tax' },
    { ...total, label: 'Total you pay' },
  );
  return rows;
}
