import { calendarHolds, compileCalendar, compileTariff, type CompiledCalendar } from './compile.ts';
import type { TariffDefinition } from './model.ts';
import { DAY_MS, localToUtc, tzOffsetMs, utcToLocal } from './time-zone.ts';

/** Where a tariff applies. null means "any". */
export type TariffScope = {
  siteId?: string | null;
  connectorType?: string | null;
  /** Higher wins between candidates of the same specificity. */
  priority?: number;
};

/** How specific a scope is: site + connector type (3) > site (2) > connector type (1) > fleet-wide (0). */
export function scopeSpecificity(s: TariffScope): number {
  return (s.siteId ? 2 : 0) + (s.connectorType ? 1 : 0);
}

/**
 * Picks the tariff for a connector. A candidate applies when each of its siteId and connectorType
 * is null or equal to the connector's. The most specific applicable candidate wins; between equally
 * specific ones the higher priority wins, then the earlier in `candidates`.
 */
export function selectTariff<T extends TariffScope>(
  candidates: readonly T[],
  at: { siteId?: string | null; connectorType?: string | null },
): T | undefined {
  let best: T | undefined;
  let bestSpec = -1;
  let bestPriority = -Infinity;
  for (const c of candidates) {
    if (c.siteId && c.siteId !== at.siteId) continue;
    if (c.connectorType && c.connectorType !== at.connectorType) continue;
    const spec = scopeSpecificity(c);
    const priority = c.priority ?? 0;
    if (spec > bestSpec || (spec === bestSpec && priority > bestPriority)) {
      best = c;
      bestSpec = spec;
      bestPriority = priority;
    }
  }
  return best;
}

export type PowerCapWindow = { start: number; end: number; maxKw: number; label: string };

/** Instants in [from, to) where any of the calendars may switch, sorted, including from and to. */
export function calendarBoundaries(
  calendars: readonly CompiledCalendar[],
  from: number,
  to: number,
  timeZone: string,
): number[] {
  const tods = new Set<number>();
  let midnight = false;
  for (const c of calendars) {
    if (c.startTod >= 0) {
      tods.add(c.startTod);
      tods.add(c.endTod);
    }
    if (c.days !== 127 || Number.isFinite(c.startDay) || Number.isFinite(c.endDay)) midnight = true;
  }
  if (tods.delete(0)) midnight = true;
  const out = new Set<number>([from, to]);
  const firstDay = Math.floor(utcToLocal(timeZone, from) / DAY_MS);
  const lastDay = Math.floor(utcToLocal(timeZone, to) / DAY_MS);
  for (let d = firstDay; d <= lastDay; d++) {
    const candidates = midnight ? [0, ...tods] : [...tods];
    for (const t of candidates) {
      const u = localToUtc(timeZone, d * DAY_MS + t);
      if (u > from && u < to) out.add(u);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * The power limits in force between `from` and `to` (epoch ms), for the relay to turn into charging
 * profiles. Where caps overlap the lowest wins; stretches with no cap are left out.
 */
export function powerCapSchedule(
  definition: TariffDefinition,
  range: { from: number; to: number; timeZone: string },
): PowerCapWindow[] {
  const caps = compileTariff(definition).def.powerCaps.map((p) => ({ ...p, cal: compileCalendar(p.restrictions) }));
  if (caps.length === 0 || range.to <= range.from) return [];
  const bounds = calendarBoundaries(
    caps.map((c) => c.cal),
    range.from,
    range.to,
    range.timeZone,
  );
  const out: PowerCapWindow[] = [];
  for (let i = 1; i < bounds.length; i++) {
    const a = bounds[i - 1]!;
    const b = bounds[i]!;
    const m = (a + b) / 2;
    const local = m + tzOffsetMs(range.timeZone, m);
    let cap: (typeof caps)[number] | undefined;
    for (const c of caps) if (calendarHolds(c.cal, local) && (!cap || c.maxKw < cap.maxKw)) cap = c;
    if (!cap) continue;
    const last = out[out.length - 1];
    if (last && last.end === a && last.maxKw === cap.maxKw && last.label === cap.label) last.end = b;
    else out.push({ start: a, end: b, maxKw: cap.maxKw, label: cap.label });
  }
  return out;
}

export type SitePowerCapWindow = { start: number; end: number; maxW: number; label: string };

/**
 * Peak-hour throttling: the site's power cap in force between `from` and `to` (epoch ms), from the
 * power caps that carry one (`siteMaxKw`, or `sitePct` of `siteCapacityW`; a percentage with no
 * known capacity is left out). Where caps overlap the lowest wins; stretches with none are left out.
 */
export function sitePowerCapSchedule(
  definition: TariffDefinition,
  range: { from: number; to: number; timeZone: string; siteCapacityW: number | null },
): SitePowerCapWindow[] {
  const caps = compileTariff(definition)
    .def.powerCaps.map((p) => {
      const maxW =
        p.siteMaxKw !== undefined
          ? Math.round(p.siteMaxKw * 1000)
          : p.sitePct !== undefined && range.siteCapacityW !== null
            ? Math.floor((range.siteCapacityW * p.sitePct) / 100)
            : null;
      return { label: p.label, maxW, cal: compileCalendar(p.restrictions) };
    })
    .filter((c): c is { label: string; maxW: number; cal: CompiledCalendar } => c.maxW !== null);
  if (caps.length === 0 || range.to <= range.from) return [];
  const bounds = calendarBoundaries(
    caps.map((c) => c.cal),
    range.from,
    range.to,
    range.timeZone,
  );
  const out: SitePowerCapWindow[] = [];
  for (let i = 1; i < bounds.length; i++) {
    const a = bounds[i - 1]!;
    const b = bounds[i]!;
    const m = (a + b) / 2;
    const local = m + tzOffsetMs(range.timeZone, m);
    let cap: (typeof caps)[number] | undefined;
    for (const c of caps) if (calendarHolds(c.cal, local) && (!cap || c.maxW < cap.maxW)) cap = c;
    if (!cap) continue;
    const last = out[out.length - 1];
    if (last && last.end === a && last.maxW === cap.maxW && last.label === cap.label) last.end = b;
    else out.push({ start: a, end: b, maxW: cap.maxW, label: cap.label });
  }
  return out;
}
