import Link from 'next/link';
import { Badge, Card, CardTitle, Table, Td, Th } from '@magma/ui';
import type { TaxSummary } from '@magma/core/settlements';
import { inr, percent, weekLabel } from './format.ts';
import { TaxSummaryCsvButton } from './settlement-actions.tsx';

function previous({ fyStart, quarter }: { fyStart: number; quarter: number }) {
  return quarter === 1 ? { fyStart: fyStart - 1, quarter: 4 } : { fyStart, quarter: quarter - 1 };
}
function next({ fyStart, quarter }: { fyStart: number; quarter: number }) {
  return quarter === 4 ? { fyStart: fyStart + 1, quarter: 1 } : { fyStart, quarter: quarter + 1 };
}
const href = (base: string, q: { fyStart: number; quarter: number }) => `${base}?fy=${q.fyStart}&q=${q.quarter}`;

function day(iso: string) {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-IN', { dateStyle: 'medium', timeZone: 'UTC' });
}

/** The quarter's TDS (194-O) and GST TCS (section 52) per deductee and week, with its CSV for filing. */
export function TaxSummarySection({ summary, base }: { summary: TaxSummary; base: string }) {
  const q = summary.quarter;
  const tz = summary.timeZone;
  return (
    <Card className="mt-8" data-tax-summary={`${q.fyStart}-Q${q.quarter}`}>
      <CardTitle description="Withheld from vendors when their weeks closed (the date of deduction is the week's close date), on their charging revenue excl. GST, net of refunds.">
        TDS and TCS — {q.label}
      </CardTitle>
      <div className="mb-3 flex flex-wrap items-center gap-3 text-sm">
        <Link href={href(base, previous(q))} className="underline">
          ← Previous quarter
        </Link>
        <Link href={href(base, next(q))} className="underline">
          Next quarter →
        </Link>
        <TaxSummaryCsvButton fyStart={q.fyStart} quarter={q.quarter} />
      </div>
      {summary.rows.length === 0 ? (
        <p className="text-sm text-muted">Nothing was withheld in this quarter.</p>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Section</Th>
              <Th>Deductee</Th>
              <Th>PAN</Th>
              <Th>Week</Th>
              <Th>Deducted on</Th>
              <Th className="text-right">Amount (excl. GST)</Th>
              <Th className="text-right">Rate</Th>
              <Th className="text-right">Tax</Th>
            </tr>
          </thead>
          <tbody>
            {summary.rows.map((r) => (
              <tr
                key={`${r.section}-${r.vendorId}-${r.deductedOn}`}
                data-tax-row={r.vendorName}
                data-tax-week={r.weekId ?? undefined}
                data-section={r.section}
              >
                <Td>{r.section === '194-O' ? 'TDS 194-O' : 'TCS 52'}</Td>
                <Td>
                  {r.vendorName}
                  {r.legalName !== r.vendorName ? (
                    <span className="block text-xs text-muted">{r.legalName}</span>
                  ) : null}
                </Td>
                <Td className="font-mono text-sm">{r.pan ?? <Badge tone="warn">PAN not available</Badge>}</Td>
                <Td className="whitespace-nowrap">
                  {r.weekId && r.weekStart && r.weekEnd ? (
                    <Link href={`/settlements/${r.weekId}`} className="underline">
                      {weekLabel(r.weekStart, r.weekEnd, tz)}
                    </Link>
                  ) : (
                    '—'
                  )}
                </Td>
                <Td className="whitespace-nowrap">{day(r.deductedOn)}</Td>
                <Td className="text-right tabular-nums">{inr(r.amountMinor)}</Td>
                <Td className="text-right tabular-nums">{percent(r.rateBps)}</Td>
                <Td className="text-right tabular-nums">{inr(r.taxMinor)}</Td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {summary.totals
              .filter((t) => t.deductees > 0)
              .map((t) => (
                <tr key={t.section} className="font-medium" data-tax-total={t.section}>
                  <Td colSpan={5}>
                    Total {t.section === '194-O' ? 'TDS 194-O' : 'TCS 52'} ({t.deductees}{' '}
                    {t.deductees === 1 ? 'deductee' : 'deductees'})
                  </Td>
                  <Td className="text-right tabular-nums">{inr(t.amountMinor)}</Td>
                  <Td />
                  <Td className="text-right tabular-nums">{inr(t.taxMinor)}</Td>
                </tr>
              ))}
          </tfoot>
        </Table>
      )}
    </Card>
  );
}
