import { describe, expect, it } from 'vitest';
import { parsePeriods } from './profile-periods.ts';

describe('parsePeriods (the profile form’s "seconds:limit" list)', () => {
  it.each([
    ['0:11000', [{ startPeriod: 0, limit: 11000 }]],
    [
      '0:11000, 1800:7400',
      [
        { startPeriod: 0, limit: 11000 },
        { startPeriod: 1800, limit: 7400 },
      ],
    ],
    [
      '0 : 16\n3600:6.5',
      [
        { startPeriod: 0, limit: 16 },
        { startPeriod: 3600, limit: 6.5 },
      ],
    ],
  ])('%j', (text, periods) => {
    expect(parsePeriods(text)).toEqual(periods);
  });

  it.each(['', '11000', '0:-5', '0:1.25', 'a:b', '0:100, x'])('refuses %j', (text) => {
    expect(parsePeriods(text)).toBeNull();
  });
});
