import { zonedTimestamp } from '@magma/core';

// A download's file name carries the moment it was made as the operator reads their clock: the
// tenant's local date and time, not UTC (at 20:00 UTC a Kolkata operator's file is already
// tomorrow's). The same reading as the CSV's values (zonedTimestamp), shortened to minutes; a file
// name cannot hold ':', so the offset is written without it.

/** `2026-12-07-01-30+0530`: `date` in `timeZone`, minutes precision, with its UTC offset. */
export function fileStamp(date: Date, timeZone: string): string {
  // `2026-12-07 01:30:59 +05:30`
  const [day, time, offset] = zonedTimestamp(date, timeZone)!.split(' ') as [string, string, string];
  return `${day}-${time.slice(0, 2)}-${time.slice(3, 5)}${offset.replace(':', '')}`;
}
