import type { Db } from '@magma/db';
import { expectedPeakPower, type ExpectedPowerWindow } from '@magma/core/load-balancing';
import { dayKey, driverT, formatClock, formatDay, formatNumber, type Locale } from '@magma/i18n';

// The power a driver can expect at this connector in the tariff's peak windows and the site's
// grid-capped hours (#21), from the same calculation the load balancer applies, in the site's time
// zone: "Between 18:00 and 22:00 this charger delivers about 7.5 kW (Evening peak)".

/** The windows ahead (the next 24 hours) at a connector, with the zone their times are read in. */
export async function expectedPowerAt({
  db,
  tenantId,
  connectorRowId,
  now = Date.now(),
}: {
  db: Db;
  tenantId: string;
  connectorRowId: string;
  now?: number;
}): Promise<{ windows: ExpectedPowerWindow[]; timeZone: string }> {
  const row = await db.connector.findFirst({
    where: { id: connectorRowId, tenantId },
    select: { maxPowerKw: true, charger: { select: { maxPowerKw: true, site: { select: { timezone: true } } } } },
  });
  if (!row) return { windows: [], timeZone: 'Asia/Kolkata' };
  const max = row.maxPowerKw ?? row.charger.maxPowerKw;
  const windows = await expectedPeakPower({
    db,
    tenantId,
    connectorRowId,
    maxPowerKw: max === null ? null : Number(max),
    now,
  });
  return { windows, timeZone: row.charger.site?.timezone ?? 'Asia/Kolkata' };
}

/** One sentence per window; a window that starts on another day than today names the day. */
export function expectedPowerLines({
  windows,
  timeZone,
  locale,
  now = Date.now(),
}: {
  windows: readonly ExpectedPowerWindow[];
  timeZone: string;
  locale: Locale;
  now?: number;
}): string[] {
  const t = driverT(locale);
  const today = dayKey(now, timeZone);
  return windows.map((w) => {
    const vars = {
      from: formatClock(w.start, locale, timeZone),
      to: formatClock(w.end, locale, timeZone),
      kw: formatNumber(w.expectedKw, locale, 1),
      label: w.label,
    };
    return dayKey(w.start, timeZone) === today
      ? t('peak.line', vars)
      : t('peak.lineOn', { ...vars, day: formatDay(w.start, locale, timeZone) });
  });
}

export function ExpectedPower({ lines, locale }: { lines: readonly string[]; locale: Locale }) {
  if (lines.length === 0) return null;
  return (
    <section className="rounded-2xl border border-line bg-surface p-4 text-sm shadow-sm" data-testid="expected-power">
      <h2 className="font-semibold">{driverT(locale)('peak.title')}</h2>
      <ul className="mt-1 space-y-1 text-muted">
        {lines.map((line) => (
          <li key={line} data-testid="expected-power-line">
            {line}
          </li>
        ))}
      </ul>
    </section>
  );
}
