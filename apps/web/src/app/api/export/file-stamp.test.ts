import { describe, expect, it } from 'vitest';
import { fileStamp } from './file-stamp.ts';

describe('fileStamp', () => {
  it.each([
    ['a Kolkata evening in UTC is the next day there', '2026-12-06T20:00:00Z', 'Asia/Kolkata', '2026-12-07-01-30+0530'],
    ['the same instant in UTC', '2026-12-06T20:00:00Z', 'UTC', '2026-12-06-20-00+0000'],
    ['a zone behind UTC is still the day before', '2026-12-07T02:15:00Z', 'America/New_York', '2026-12-06-21-15-0500'],
    ['a quarter-hour offset', '2026-12-06T18:20:00Z', 'Asia/Kathmandu', '2026-12-07-00-05+0545'],
    ['midnight is 00, not 24', '2026-12-06T18:30:00Z', 'Asia/Kolkata', '2026-12-07-00-00+0530'],
  ])('%s', (_name, iso, zone, expected) => {
    expect(fileStamp(new Date(iso), zone)).toBe(expected);
  });
});
