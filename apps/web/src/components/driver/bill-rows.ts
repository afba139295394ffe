import type { DriverSessionView } from '@magma/core/driver';
import { driverT, type DriverT } from '@magma/i18n';
import { money } from './format.ts';

// The bill's totals as the receipt email states them: the driver's taxable value and GST, and
// when part of the price is paid by a sponsor or waived beyond the prepaid amount, that part too.

export type BillRow = { label: string; value: string; strong?: boolean; testId?: string };

const gstRate = (bps: number) => (bps / 100).toFixed(bps % 100 ? 2 : 0);

export function billRows(
  f: NonNullable<DriverSessionView['final']>,
  currency: string,
  t: DriverT = driverT('en'),
): BillRow[] {
  const m = (minor: number) => money(minor, currency);
  const gst = t('bill.gst', { rate: gstRate(f.taxRateBps) });
  const a = f.amounts;
  const total: BillRow = { label: t('bill.total'), value: m(f.costMinor), strong: true, testId: 'final-cost' };
  if (!a) return [{ label: t('bill.gstPlain'), value: m(f.taxMinor) }, total];
  if (!a.sponsor.grossMinor && !a.writtenOff.grossMinor) {
    return [
      { label: t('bill.taxable'), value: m(a.driver.taxableMinor) },
      { label: gst, value: m(a.driver.taxMinor), testId: 'final-tax' },
      total,
    ];
  }
  const rows: BillRow[] = [
    { label: t('bill.chargesBeforeTax'), value: m(a.rated.taxableMinor) },
    { label: gst, value: m(a.rated.taxMinor) },
    { label: t('bill.charges'), value: m(a.rated.grossMinor) },
  ];
  if (a.sponsor.grossMinor) {
    rows.push({
      label: t('bill.sponsor', { taxable: m(a.sponsor.taxableMinor), gst, tax: m(a.sponsor.taxMinor) }),
      value: m(-a.sponsor.grossMinor),
      testId: 'final-sponsor',
    });
  }
  if (a.writtenOff.grossMinor) {
    rows.push({
      label: t('bill.writtenOff'),
      value: m(-a.writtenOff.grossMinor),
      testId: 'final-written-off',
    });
  }
  rows.push(
    { label: t('bill.yourTaxable'), value: m(a.driver.taxableMinor), testId: 'final-taxable' },
    { label: t('bill.yourGst', { gst }), value: m(a.driver.taxMinor), testId: 'final-tax' },
    { ...total, label: t('bill.totalYouPay') },
  );
  return rows;
}
