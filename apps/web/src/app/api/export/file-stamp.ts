// A download's file name carries the moment it was made as the operator reads their clock: the
// tenant's local date and time, not UTC (at 20:00 UTC a Kolkata operator's file is already
// tomorrow's). A file name cannot hold ':', so the offset is written without it.

/** `2026-12-07-01-30+0530`: `date` in `timeZone`, minutes precision, with its UTC offset. */
export function fileStamp(date: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    })
      .formatToParts(date)
      .map((x) => [x.type, x.value]),
  ) as Record<string, string>;
  // longOffset is "GMT+05:30", or "GMT" at offset zero.
  const offset = p.timeZoneName === 'GMT' ? '+0000' : (p.timeZoneName ?? '').replace('GMT', '').replace(':', '');
  return `${p.year}-${p.month}-${p.day}-${p.hour}-${p.minute}${offset}`;
}
