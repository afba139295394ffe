import { describe, expect, it } from 'vitest';
import { fromZonedInput, toZonedInput } from './zoned-input.ts';

describe('datetime-local fields in the operator zone', () => {
  it.each([
    ['Asia/Kolkata', '2026-12-01T18:30', '2026-12-01T13:00:00.000Z'],
    ['UTC', '2026-12-01T18:30', '2026-12-01T18:30:00.000Z'],
    ['Europe/Berlin', '2026-07-01T09:00', '2026-07-01T07:00:00.000Z'],
    ['Europe/Berlin', '2026-01-01T09:00', '2026-01-01T08:00:00.000Z'],
    ['America/New_York', '2026-03-08T12:00', '2026-03-08T16:00:00.000Z'],
  ])('%s: %s is %s, and back', (zone, wall, iso) => {
    expect(fromZonedInput(wall, zone)?.toISOString()).toBe(iso);
    expect(toZonedInput(new Date(iso), zone)).toBe(wall);
  });

  it('refuses what is not a datetime-local value', () => {
    expect(fromZonedInput('', 'Asia/Kolkata')).toBeNull();
    expect(fromZonedInput('tomorrow', 'Asia/Kolkata')).toBeNull();
  });
});
