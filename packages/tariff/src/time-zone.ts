// Time-zone offsets from the platform's Intl data, cached per UTC day so pricing a million sessions
// asks Intl a few hundred times rather than millions. Pure: the cache only memoises a function of
// its arguments.

export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

type DayOffsets = { start: number; end: number; switchAt: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
const dayCache = new Map<string, Map<number, DayOffsets>>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError for a name Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

function intlOffset(timeZone: string, utcMs: number): number {
  const at = Math.floor(utcMs / 1000) * 1000;
  const parts = formatter(timeZone).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - at;
}

function offsetsForDay(timeZone: string, day: number): DayOffsets {
  let byDay = dayCache.get(timeZone);
  if (!byDay) {
    byDay = new Map();
    dayCache.set(timeZone, byDay);
  }
  let o = byDay.get(day);
  if (o) return o;
  const t0 = day * DAY_MS;
  const start = intlOffset(timeZone, t0);
  const end = intlOffset(timeZone, t0 + DAY_MS - MINUTE_MS);
  let switchAt = Infinity;
  if (start !== end) {
    // One transition inside this UTC day (true of every zone in use): find its minute.
    let lo = 0;
    let hi = DAY_MS / MINUTE_MS - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (intlOffset(timeZone, t0 + mid * MINUTE_MS) === start) lo = mid + 1;
      else hi = mid;
    }
    switchAt = t0 + lo * MINUTE_MS;
  }
  o = { start, end, switchAt };
  if (byDay.size > 20_000) byDay.clear();
  byDay.set(day, o);
  return o;
}

let lastZone = '';
let lastDay = NaN;
let lastOffsets: DayOffsets = { start: 0, end: 0, switchAt: Infinity };

/** Local time minus UTC, in ms, at the instant utcMs. */
export function tzOffsetMs(timeZone: string, utcMs: number): number {
  const day = Math.floor(utcMs / DAY_MS);
  if (day !== lastDay || timeZone !== lastZone) {
    lastOffsets = offsetsForDay(timeZone, day);
    lastZone = timeZone;
    lastDay = day;
  }
  return utcMs < lastOffsets.switchAt ? lastOffsets.start : lastOffsets.end;
}

/** The instant at which the local wall clock reads localMs (ms since 1970-01-01T00:00 local).
 * As Temporal's "compatible": a wall time skipped by a DST jump moves forward by the gap (02:30 → 03:30);
 * a repeated one resolves to its first occurrence. */
export function localToUtc(timeZone: string, localMs: number): number {
  const guess = localMs - tzOffsetMs(timeZone, localMs);
  const off = tzOffsetMs(timeZone, guess);
  const t = localMs - off;
  if (t + tzOffsetMs(timeZone, t) === localMs) {
    const earlier = localMs - tzOffsetMs(timeZone, t - 3 * 3_600_000);
    return earlier < t && earlier + tzOffsetMs(timeZone, earlier) === localMs ? earlier : t;
  }
  // In a gap: take the offset before the jump, which lands after it.
  return localMs - tzOffsetMs(timeZone, guess - 3 * 3_600_000);
}

/** Local wall-clock ms since the local epoch for an instant. */
export function utcToLocal(timeZone: string, utcMs: number): number {
  return utcMs + tzOffsetMs(timeZone, utcMs);
}
