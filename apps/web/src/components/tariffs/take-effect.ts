import { localToUtc } from '@magma/tariff';

// "Takes effect" is typed in the tenant's local time (a datetime-local input), whatever the
// browser's own time zone, and sent as an instant.

/** "2026-12-01T06:00" in `timeZone` → epoch ms, or null when it is not a date and time. */
export function localInputToInstant(value: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const local = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(local);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return localToUtc(timeZone, local);
}

/** Checks a scheduled start: null when it is fine, else the problem in words. */
export function takeEffectError(value: string, timeZone: string, now: number): string | null {
  const at = localInputToInstant(value, timeZone);
  if (at === null) return 'Pick a date and time';
  if (at < now) return 'Pick a time in the future, or publish now';
  return null;
}
