import { DAYS_OF_WEEK, type CalendarRestrictions, type Restrictions } from '@magma/tariff';

// The week grid: 7 days (Monday first) × 24 hours, cell index = day * 24 + hour. Windows painted on
// it become calendar restrictions: contiguous hours of a day form a run, and runs with the same
// hours on several days share one restriction.

export const HOURS = 24;
export const CELLS = 7 * HOURS;
export const DAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export type Cells = boolean[];

export const noCells = (): Cells => Array.from({ length: CELLS }, () => false);
export const cellIndex = (day: number, hour: number) => day * HOURS + hour;

const hh = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;

/** The restrictions that together cover exactly the painted cells ([] when nothing is painted). */
export function cellsToRestrictions(cells: Cells): CalendarRestrictions[] {
  const byHours = new Map<string, { start: number; end: number; days: number[] }>();
  for (let d = 0; d < 7; d++) {
    let h = 0;
    while (h < HOURS) {
      if (!cells[cellIndex(d, h)]) {
        h++;
        continue;
      }
      const start = h;
      while (h < HOURS && cells[cellIndex(d, h)]) h++;
      const key = `${start}-${h}`;
      const entry = byHours.get(key) ?? { start, end: h, days: [] };
      entry.days.push(d);
      byHours.set(key, entry);
    }
  }
  return [...byHours.values()]
    .sort((a, b) => a.start - b.start || a.days[0]! - b.days[0]!)
    .map(({ start, end, days }) => {
      const r: CalendarRestrictions = {};
      if (!(start === 0 && end === HOURS)) {
        r.startTime = hh(start);
        r.endTime = hh(end);
      }
      if (days.length < 7) r.daysOfWeek = days.map((d) => DAYS_OF_WEEK[d]!);
      return r;
    });
}

/**
 * The cells a restriction covers, or null when the grid cannot show it (dates, minutes, or
 * kWh/power/duration conditions): such windows are kept as they are.
 */
export function restrictionsToCells(r: Restrictions | undefined): Cells | null {
  const cells = noCells();
  const { startTime, endTime, daysOfWeek, ...rest } = r ?? {};
  if (Object.values(rest).some((v) => v !== undefined)) return null;
  if ((startTime && !startTime.endsWith(':00')) || (endTime && !endTime.endsWith(':00'))) return null;
  const s = startTime ? Number(startTime.slice(0, 2)) : 0;
  const e = endTime ? Number(endTime.slice(0, 2)) : 0;
  const days = daysOfWeek ? daysOfWeek.map((d) => DAYS_OF_WEEK.indexOf(d)) : [0, 1, 2, 3, 4, 5, 6];
  for (const d of days) {
    for (let h = 0; h < HOURS; h++) {
      // end <= start crosses midnight; the day is the local day of each hour, as the engine reads it.
      const inside = !startTime ? true : s < e ? h >= s && h < e : h >= s || h < e;
      if (inside) cells[cellIndex(d, h)] = true;
    }
  }
  return cells;
}

export function unionCells(a: Cells, b: Cells): Cells {
  return a.map((v, i) => v || b[i]!);
}

export function countCells(cells: Cells): number {
  return cells.filter(Boolean).length;
}

/** "Mon–Fri 18:00–22:00", "Every day 00:00–06:00", "Sat, Sun all day": a short summary of a window's hours. */
export function describeCells(cells: Cells): string {
  const rs = cellsToRestrictions(cells);
  if (rs.length === 0) return 'No hours painted yet';
  return rs
    .slice(0, 3)
    .map((r) => {
      const days = r.daysOfWeek ? r.daysOfWeek.map((d) => DAY_SHORT[DAYS_OF_WEEK.indexOf(d)]).join(', ') : 'Every day';
      return `${days} ${r.startTime ? `${r.startTime}–${r.endTime === '00:00' ? '24:00' : r.endTime}` : 'all day'}`;
    })
    .join('; ')
    .concat(rs.length > 3 ? ` and ${rs.length - 3} more` : '');
}
