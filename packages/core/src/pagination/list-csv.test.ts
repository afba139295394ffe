import { describe, expect, it } from 'vitest';
import { majorUnits, zonedDay, zonedTimestamp } from './list-csv.ts';

describe('list CSV values', () => {
  it.each([
    ['2026-12-05T16:17:59.000Z', 'Asia/Kolkata', '2026-12-05 21:47:59 +05:30'],
    ['2026-12-05T20:00:00.000Z', 'Asia/Kolkata', '2026-12-06 01:30:00 +05:30'],
    ['2026-07-01T12:00:00.000Z', 'Europe/London', '2026-07-01 13:00:00 +01:00'],
    ['2026-01-01T00:00:00.000Z', 'UTC', '2026-01-01 00:00:00 +00:00'],
  ])('%s in %s is %s', (iso, tz, expected) => {
    expect(zonedTimestamp(new Date(iso), tz)).toBe(expected);
  });

  it('a missing time stays empty and a day crosses midnight by the zone', () => {
    expect(zonedTimestamp(null, 'Asia/Kolkata')).toBeNull();
    expect(zonedDay(new Date('2026-12-05T19:00:00Z'), 'Asia/Kolkata')).toBe('2026-12-06');
  });

  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [123456, '1234.56'],
    [-5, '-0.05'],
    [-123400, '-1234.00'],
    [9007199254740993n, '90071992547409.93'],
  ])('%s paise is ₹%s', (minor, rupees) => {
    expect(majorUnits(minor)).toBe(rupees);
  });
});
