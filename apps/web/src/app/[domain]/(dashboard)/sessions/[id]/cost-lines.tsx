import { Table, Td, Th } from '@magma/ui';
import { money } from '@/components/dashboard/format.ts';

// A session's priced lines: a table from the sm breakpoint up, and below it one small card per line
// (its name and tariff as a heading, each figure under its own label), so a phone reads the money
// without scrolling sideways. Only one of the two is displayed at a time, so assistive technology
// meets the lines once.

export type CostLine = {
  label?: string | null;
  dimension: string;
  unit: string;
  quantity: number;
  amountMinor: number;
  taxMinor: number;
};

const UNIT: Record<string, (q: number) => string> = {
  mWh: (q) => `${(q / 1_000_000).toFixed(3)} kWh`,
  // A line under a minute in seconds, not "0 min".
  ms: (q) => (q < 60_000 ? `${Math.round(q / 1000)} s` : `${Math.round(q / 60_000)} min`),
  session: () => '1 session',
};

const quantity = (l: CostLine) => UNIT[l.unit]?.(l.quantity) ?? `${l.quantity} ${l.unit}`;

export function CostLines({
  lines,
  tariffName,
  currency,
  label,
}: {
  lines: readonly CostLine[];
  /** "Standard AC v3", named on every line. */
  tariffName: string | null;
  currency: string;
  /** The list's accessible name on a phone, e.g. "Cost lines". */
  label: string;
}) {
  return (
    <>
      <ul className="space-y-2 sm:hidden" aria-label={label} data-testid="cost-line-cards">
        {lines.map((l, i) => (
          <li key={i} className="rounded-lg border border-line bg-surface p-3" data-testid="cost-line">
            <h3 className="text-sm font-medium break-words">
              {l.label || l.dimension}
              {tariffName ? ' ' : null}
              {tariffName ? (
                <span className="block text-xs font-normal text-muted" data-testid="cost-line-tariff">
                  — {tariffName}
                </span>
              ) : null}
            </h3>
            <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1.5 text-sm">
              {(
                [
                  ['Quantity', quantity(l), 'quantity'],
                  ['Net', money(l.amountMinor, currency), 'net'],
                  ['GST', money(l.taxMinor, currency), 'gst'],
                  ['Total', money(l.amountMinor + l.taxMinor, currency), 'total'],
                ] as const
              ).map(([term, value, key]) => (
                <div key={key} className="min-w-0">
                  <dt className="text-xs text-muted">{term}</dt>
                  <dd className="tabular-nums break-words" data-testid={`cost-line-${key}`}>
                    {value}
                  </dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ul>
      <Table className="hidden sm:block">
        <thead>
          <tr>
            <Th>Item</Th>
            <Th>Quantity</Th>
            <Th>Net</Th>
            <Th>GST</Th>
            <Th>Total</Th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={i}>
              <Td>
                {l.label || l.dimension}
                {tariffName ? <span className="text-muted"> — {tariffName}</span> : null}
              </Td>
              <Td className="tabular-nums">{quantity(l)}</Td>
              <Td className="tabular-nums">{money(l.amountMinor, currency)}</Td>
              <Td className="tabular-nums">{money(l.taxMinor, currency)}</Td>
              <Td className="tabular-nums">{money(l.amountMinor + l.taxMinor, currency)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
