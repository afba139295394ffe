import type { Brand } from '../brand.ts';
import { EmailLayout, Facts, Heading, Paragraph } from '../components/layout.tsx';
import { formatEnergy, formatMoney } from '../format.ts';

/** A vendor's weekly settlement statement, sent when the week closes with the PDF attached. */
export type StatementReadyProps = {
  vendorName: string;
  /** "16 Nov – 22 Nov 2026", in the operator's time zone. */
  period: string;
  currency: string;
  sessions: number;
  energyWh: number;
  grossMinor: number;
  vendorShareMinor: number;
  tdsMinor: number;
  tcsMinor: number;
  netPayableMinor: number;
  carriedForwardMinor: number;
  /** The attached PDF's file name. */
  filename: string;
};

export const statementReadySubject = (p: StatementReadyProps, brand: Brand) =>
  `${brand.name} statement for ${p.period}: ${formatMoney(p.netPayableMinor, p.currency)} payable`;

export function StatementReady({ brand, ...p }: StatementReadyProps & { brand: Brand }) {
  const money = (minor: number) => formatMoney(minor, p.currency);
  const rows: [string, string, boolean?][] = [
    ['Week', p.period],
    ['Sessions', p.sessions.toLocaleString('en-IN')],
    ['Energy', formatEnergy(p.energyWh)],
    ['Gross collected (incl. GST)', money(p.grossMinor)],
    ['Your share', money(p.vendorShareMinor)],
    ['TDS (section 194-O)', money(p.tdsMinor)],
  ];
  if (p.tcsMinor !== 0) rows.push(['TCS (GST section 52)', money(p.tcsMinor)]);
  rows.push(['Net payable', money(p.netPayableMinor), true]);
  if (p.carriedForwardMinor !== 0) rows.push(['Carried forward', money(p.carriedForwardMinor)]);
  return (
    <EmailLayout brand={brand} preview={`${money(p.netPayableMinor)} payable for ${p.period}`}>
      <Heading brand={brand}>Your statement for {p.period}</Heading>
      <Paragraph>
        Hello {p.vendorName}, the week has closed. Your statement from {brand.name} is attached ({p.filename}), with the
        figures of each site and the payouts made so far.
      </Paragraph>
      <Facts rows={rows} />
      <Paragraph>
        {p.netPayableMinor > 0
          ? `${money(p.netPayableMinor)} will be paid to your bank account on file; the payout's UTR appears on your Earnings page once it is paid.`
          : 'Nothing is payable this week; any balance is carried into the next statement.'}
      </Paragraph>
    </EmailLayout>
  );
}
