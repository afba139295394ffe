import { calendarHolds, compileCalendar, type CompiledCalendar } from './compile.ts';
import { DAYS_OF_WEEK, type TariffDefinition } from './model.ts';
import { DAY_MS } from './time-zone.ts';

// Where a tariff that prices energy leaves it unpriced: the engine prices energy that no element
// matches at 0 ("Not priced"), which is almost always a window the operator forgot. The week is
// walked in the local time-of-day segments the windows make, per date range the windows name, and
// at each instant the session states (energy so far, power, duration) the restrictions split.

type Cover = CompiledCalendar & { kwh: [number, number]; kw: [number, number]; sec: [number, number] };

const MAX_STATE_POINTS = 4096;
const MAX_GAPS = 5;
/** Local day 0 (1970-01-01) was a Thursday: index into DAYS_OF_WEEK (Monday first). */
const weekday = (day: number) => DAYS_OF_WEEK[(((day + 3) % 7) + 7) % 7]!;

const range = (min: number | undefined, max: number | undefined): [number, number] => [min ?? 0, max ?? Infinity];

function covers(def: TariffDefinition): Cover[] {
  const out: Cover[] = [];
  for (const e of def.elements) {
    if (!e.components.some((c) => c.dimension === 'ENERGY')) continue;
    const r = e.restrictions;
    out.push({
      ...compileCalendar(r),
      kwh: range(r?.minKwh, r?.maxKwh),
      kw: range(r?.minPowerKw, r?.maxPowerKw),
      sec: range(r?.minDurationSec, r?.maxDurationSec),
    });
  }
  // Energy in a free window is free, not forgotten.
  for (const w of def.freeWindows) {
    if (w.dimensions && !w.dimensions.includes('ENERGY')) continue;
    out.push({ ...compileCalendar(w.restrictions), kwh: [0, Infinity], kw: [0, Infinity], sec: [0, Infinity] });
  }
  return out;
}

const points = (rs: [number, number][]) =>
  [...new Set([0, ...rs.flatMap(([a, b]) => (Number.isFinite(b) ? [a, b] : [a]))])].sort((a, b) => a - b);

/** A session state: [from, to) of energy so far (kWh), power (kW) and duration (s). */
type StateCell = [[number, number], [number, number], [number, number]];
const ALL_STATES: StateCell = [
  [0, Infinity],
  [0, Infinity],
  [0, Infinity],
];

/** The first session-state cell no holding window prices, or null when all are priced. */
function uncoveredState(holding: Cover[]): StateCell | null {
  if (holding.length === 0) return ALL_STATES;
  const kwh = points(holding.map((h) => h.kwh));
  const kw = points(holding.map((h) => h.kw));
  const sec = points(holding.map((h) => h.sec));
  if (kwh.length * kw.length * sec.length > MAX_STATE_POINTS) return null;
  const inside = (v: number, [a, b]: [number, number]) => v >= a && v < b;
  const cell = (ps: number[], i: number): [number, number] => [ps[i]!, ps[i + 1] ?? Infinity];
  for (let i = 0; i < kwh.length; i++)
    for (let j = 0; j < kw.length; j++)
      for (let k = 0; k < sec.length; k++) {
        const [e, p, d] = [kwh[i]!, kw[j]!, sec[k]!];
        if (!holding.some((h) => inside(e, h.kwh) && inside(p, h.kw) && inside(d, h.sec))) {
          return [cell(kwh, i), cell(kw, j), cell(sec, k)];
        }
      }
  return null;
}

const hhmm = (ms: number) => {
  const m = Math.round(ms / 60_000);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

function stateWords([[e0, e1], [p0, p1], [s0, s1]]: StateCell): string {
  const parts: string[] = [];
  const min = (sec: number) => Math.round(sec / 60);
  if (e0 > 0 || e1 < Infinity) {
    parts.push(
      e0 === 0
        ? `in a session's first ${e1} kWh`
        : e1 === Infinity
          ? `from ${e0} kWh into a session`
          : `from ${e0} to ${e1} kWh into a session`,
    );
  }
  if (p0 > 0 || p1 < Infinity) {
    parts.push(p0 === 0 ? `below ${p1} kW` : p1 === Infinity ? `at ${p0} kW or more` : `at ${p0} to ${p1} kW`);
  }
  if (s0 > 0 || s1 < Infinity) {
    parts.push(
      s0 === 0
        ? `in a session's first ${min(s1)} min`
        : s1 === Infinity
          ? `after ${min(s0)} min of a session`
          : `from ${min(s0)} to ${min(s1)} min into a session`,
    );
  }
  return parts.length ? ` ${parts.join(', ')}` : '';
}

/**
 * Plain-words descriptions of the times a tariff that prices energy leaves it unpriced ("Energy is
 * not priced on Monday 06:00–18:00"), at most a few; empty when every instant is priced or the
 * tariff prices no energy at all.
 */
export function energyGaps(def: TariffDefinition): string[] {
  const all = covers(def);
  if (!def.elements.some((e) => e.components.some((c) => c.dimension === 'ENERGY'))) return [];
  const tods = [...new Set([0, ...all.flatMap((c) => (c.startTod >= 0 ? [c.startTod, c.endTod] : []))])].sort(
    (a, b) => a - b,
  );
  const days = [...new Set(all.flatMap((c) => [c.startDay, c.endDay].filter((d) => Number.isFinite(d))))].sort(
    (a, b) => a - b,
  );
  // One week per date range the windows make (before the first date, between, after the last).
  const cells: { from: number | null; to: number | null; days: number[] }[] = [];
  const week = (start: number, end: number) =>
    Array.from({ length: Math.max(0, Math.min(7, end - start)) }, (_, i) => start + i);
  if (days.length === 0) cells.push({ from: null, to: null, days: week(0, 7) });
  else {
    cells.push({ from: null, to: days[0]!, days: week(days[0]! - 7, days[0]!) });
    days.forEach((d, i) => {
      const next = days[i + 1];
      cells.push({ from: d, to: next ?? null, days: week(d, next ?? d + 7) });
    });
  }

  const gaps: string[] = [];
  for (const cell of cells) {
    // weekday → its unpriced segments, and the state words of each
    const byDay = new Map<string, string[]>();
    for (const day of cell.days) {
      const segments: string[] = [];
      let open: { from: number; words: string } | null = null;
      const close = (to: number) => {
        if (open) segments.push(`${hhmm(open.from)}–${hhmm(to)}${open.words}`);
        open = null;
      };
      tods.forEach((t, i) => {
        const local = day * DAY_MS + t;
        const missing = uncoveredState(all.filter((c) => calendarHolds(c, local)));
        const words = missing ? stateWords(missing) : null;
        if (open && open.words !== words) close(t);
        if (words !== null && !open) open = { from: t, words };
        if (i === tods.length - 1) close(DAY_MS);
      });
      if (segments.length) byDay.set(weekday(day), segments);
    }
    if (byDay.size === 0) continue;
    const when =
      cell.from === null && cell.to === null
        ? ''
        : cell.from === null
          ? ` before ${isoDay(cell.to!)}`
          : cell.to === null
            ? ` from ${isoDay(cell.from)}`
            : ` from ${isoDay(cell.from)} to ${isoDay(cell.to)}`;
    const distinct = new Set([...byDay.values()].map((s) => s.join(', ')));
    if (byDay.size === cell.days.length && cell.days.length === 7 && distinct.size === 1) {
      gaps.push(`Energy is not priced${when} every day ${[...distinct][0]}`);
      continue;
    }
    for (const [day, segments] of byDay) {
      gaps.push(`Energy is not priced${when} on ${day[0]}${day.slice(1).toLowerCase()} ${segments.join(', ')}`);
    }
  }
  return gaps.length > MAX_GAPS ? [...gaps.slice(0, MAX_GAPS), `and ${gaps.length - MAX_GAPS} more`] : gaps;
}
