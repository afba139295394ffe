import type { PriceScheduleRow } from '@magma/core/driver';
import { driverT, type Locale } from '@magma/i18n';
import { money } from './format.ts';

/** Every price the tariff can apply, incl. GST, the one in force now marked. */
export function PriceSchedule({
  rows,
  currency,
  locale,
}: {
  rows: PriceScheduleRow[];
  currency: string;
  locale: Locale;
}) {
  if (rows.length === 0) return null;
  const t = driverT(locale);
  // A component every row has (the idle fee, say) reads once, under the list.
  const common = rows[0]!.others.filter((o) => rows.every((r) => r.others.includes(o)));
  return (
    <div className="mt-4" data-testid="price-schedule">
      <h2 className="text-sm font-semibold">{t('prices.title')}</h2>
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
                  <span className="ml-2 rounded-full bg-primary px-2 py-0.5 text-xs font-semibold text-white">
                    {t('prices.now')}
                  </span>
                ) : null}
              </p>
              {r.when ? <p className="text-xs text-muted">{r.when}</p> : null}
              {r.others
                .filter((o) => !common.includes(o))
                .map((o) => (
                  <p key={o} className="text-xs text-muted">
                    {o}
                  </p>
                ))}
            </div>
            <p className="whitespace-nowrap font-semibold tabular-nums">
              {r.energyPerKwhInclTaxMinor !== null
                ? t('connector.perKwh', { price: money(r.energyPerKwhInclTaxMinor, currency) })
                : '—'}
            </p>
          </li>
        ))}
      </ul>
      {common.map((o) => (
        <p key={o} className="mt-2 text-xs text-muted">
          {t('prices.also', { item: o })}
        </p>
      ))}
    </div>
  );
}
