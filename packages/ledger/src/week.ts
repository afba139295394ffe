import { z } from 'zod';
import { assertTimeZone, localToUtc, utcToLocal } from '@magma/tariff';

// Settlement weeks: a week ends at a configured weekday and local cut-off time in the tenant's
// zone, and the next starts at that instant. A pure function of the instant and the zone (the
// offsets come from Intl), so the same instant always lands in the same week.

const DAY_MS = 86_400_000;

export const weekConfigSchema = z
  .object({
    /** IANA zone, e.g. Asia/Kolkata. */
    timeZone: z.string().min(1).max(64),
    /** The weekday the week closes on, ISO numbering: 1 = Monday … 7 = Sunday. */
    closeDay: z.number().int().min(1).max(7).default(1),
    /** Local wall-clock cut-off on closeDay, HH:MM. Items at or after it belong to the next week. */
    cutoff: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
      .default('00:00'),
  })
  .strict()
  .refine((c) => {
    try {
      assertTimeZone(c.timeZone);
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');

export type WeekConfig = z.output<typeof weekConfigSchema>;

export type Week = {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive: the cut-off instant. */
  end: number;
  /** Local start as YYYY-MM-DD, unique per week for one configuration; used in source ids. */
  key: string;
  timeZone: string;
};

function localDateOf(localMs: number): string {
  return new Date(Math.floor(localMs / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(timeZone: string, instant: number): string {
  return localDateOf(utcToLocal(timeZone, instant));
}

/** The settlement week that contains an instant. */
export function weekContaining(instant: number, config: WeekConfig): Week {
  const [hh, mm] = config.cutoff.split(':').map(Number) as [number, number];
  const cutoffMs = (hh * 60 + mm) * 60_000;
  const local = utcToLocal(config.timeZone, instant);
  const day = Math.floor(local / DAY_MS);
  const isoDow = ((new Date(day * DAY_MS).getUTCDay() + 6) % 7) + 1;
  let endLocal = (day + ((config.closeDay - isoDow + 7) % 7)) * DAY_MS + cutoffMs;
  if (endLocal <= local) endLocal += 7 * DAY_MS;
  // Near a DST change the wall-clock comparison and the instants can disagree by the jump: settle
  // it on instants, which is what "at or after the cut-off" means.
  for (let guard = 0; guard < 3; guard++) {
    const end = localToUtc(config.timeZone, endLocal);
    const start = localToUtc(config.timeZone, endLocal - 7 * DAY_MS);
    if (instant >= end) endLocal += 7 * DAY_MS;
    else if (instant < start) endLocal -= 7 * DAY_MS;
    else return { start, end, key: localDateOf(endLocal - 7 * DAY_MS), timeZone: config.timeZone };
  }
  throw new RangeError(`no week found for ${instant} in ${config.timeZone}`);
}

/** The week after the given one. */
export function nextWeek(week: Week, config: WeekConfig): Week {
  return weekContaining(week.end, config);
}
