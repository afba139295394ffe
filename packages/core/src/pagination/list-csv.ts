// Values as the operator reads them in a list's CSV: times in the tenant's time zone with the offset
// stated (so a spreadsheet and a reader agree on the instant), money in rupees with two decimals
// from integer paise (no floating point on the way).

const parts = (date: Date, timeZone: string) =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;

/** `2026-12-05 21:47:59 +05:30`: the instant in `timeZone`, with its offset. */
export function zonedTimestamp(date: Date | null | undefined, timeZone: string): string | null {
  if (!date) return null;
  const p = parts(date, timeZone);
  // longOffset is "GMT+05:30", or "GMT" at offset zero.
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : (p.timeZoneName ?? '').replace('GMT', '');
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${offset}`;
}

/** `2026-12-05`: the day in `timeZone`, for file names. */
export function zonedDay(date: Date, timeZone: string): string {
  const p = parts(date, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Integer minor units as major units with two decimals: 123456 → "1234.56", -5 → "-0.05". */
export function majorUnits(minor: number | bigint): string {
  const m = BigInt(minor);
  const neg = m < 0n;
  const abs = neg ? -m : m;
  return `${neg ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** A query string's empty values are absent filters, not invalid ones. */
export function blankless(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== '' && v !== undefined));
}
