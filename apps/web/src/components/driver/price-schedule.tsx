import type { PriceScheduleRow } from '@magma/core/driver';
import { money } from './format.ts';

/** Every price the tariff can apply, incl. GST, the one in force now marked. */
export function PriceSchedule({ rows, currency }: { rows: PriceScheduleRow[]; currency: string }) {
  if (rows.length === 0) return null;
  return (
    <div className="mt-4" data-testid="price-schedule">
      <h2 className="text-sm font-semibold">Prices (incl. GST)</h2>
      <ul className="mt-2 divide-y divide-line rounded-lg border border-line text-sm">
        {rows.map((r, i) => (
          <li
            key={`${r.label}-${i}`}
            className={`flex items-start justify-between gap-3 p-3 ${r.now ? 'bg-tint' : ''}`}
          >
            <div>
              <p className="font-medium">
                {r.label}
                {r.now ? (
                  <span className="ml-2 rounded-full bg-primary px-2 py-0.5 text-xs font-semibold text-white">Now</span>
                ) : null}
              </p>
              <p className="text-xs text-muted">{r.when}</p>
              {r.others.map((o) => (
                <p key={o} className="text-xs text-muted">
                  {o}
                </p>
              ))}
            </div>
            <p className="whitespace-nowrap font-semibold tabular-nums">
              {r.energyPerKwhInclTaxMinor !== null ? `${money(r.energyPerKwhInclTaxMinor, currency)}/kWh` : '—'}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
