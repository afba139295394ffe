import { describe, expect, it } from 'vitest';
import { aTariff, energy } from '../test/builders.ts';
import { priceSession } from './price-session.ts';
import { localToUtc, tzOffsetMs, utcToLocal } from './time-zone.ts';

const H = 3_600_000;

describe('time zones', () => {
  it.each([
    ['Asia/Kolkata', '2026-06-01T00:00:00Z', 5.5 * H],
    ['Europe/Berlin', '2026-03-29T00:59:00Z', 1 * H],
    ['Europe/Berlin', '2026-03-29T01:00:00Z', 2 * H],
    ['Europe/Berlin', '2026-10-25T00:59:00Z', 2 * H],
    ['Europe/Berlin', '2026-10-25T01:00:00Z', 1 * H],
    ['America/New_York', '2026-11-01T05:59:00Z', -4 * H],
    ['America/New_York', '2026-11-01T06:00:00Z', -5 * H],
  ])('%s at %s is UTC%+d ms', (tz, iso, offset) => {
    expect(tzOffsetMs(tz, Date.parse(iso))).toBe(offset);
  });

  it.each([
    ['Asia/Kolkata', '2026-11-25T18:00:00', '2026-11-25T12:30:00Z'],
    ['Europe/Berlin', '2026-03-29T02:30:00', '2026-03-29T01:30:00Z'], // skipped hour → moved forward by the gap (03:30 CEST)
    ['Europe/Berlin', '2026-10-25T02:30:00', '2026-10-25T00:30:00Z'], // repeated hour → first occurrence
  ])('%s local %s is %s', (tz, local, utc) => {
    expect(localToUtc(tz, Date.parse(`${local}Z`))).toBe(Date.parse(utc));
  });

  it('round-trips local and UTC outside transitions', () => {
    const t = Date.parse('2026-07-14T10:11:12Z');
    expect(localToUtc('Europe/Berlin', utcToLocal('Europe/Berlin', t))).toBe(t);
  });

  it('a 22:00 boundary in Berlin follows the clock change', () => {
    const t = aTariff({
      elements: [
        { label: 'Late', components: [energy(1000)], restrictions: { startTime: '22:00', endTime: '06:00' } },
        { label: 'Day', components: [energy(2000)] },
      ],
    });
    // Summer (UTC+2): 22:00 local is 20:00Z.
    const summer = priceSession(t, {
      samples: [
        { at: Date.parse('2026-07-01T19:00:00Z'), energyWh: 0 },
        { at: Date.parse('2026-07-01T21:00:00Z'), energyWh: 2000 },
      ],
      timeZone: 'Europe/Berlin',
    });
    expect(summer.lines.map((l) => [l.label, l.quantity])).toEqual([
      ['Day', 1_000_000],
      ['Late', 1_000_000],
    ]);
    // Winter (UTC+1): 22:00 local is 21:00Z.
    const winter = priceSession(t, {
      samples: [
        { at: Date.parse('2026-12-01T19:00:00Z'), energyWh: 0 },
        { at: Date.parse('2026-12-01T21:00:00Z'), energyWh: 2000 },
      ],
      timeZone: 'Europe/Berlin',
    });
    expect(winter.lines.map((l) => [l.label, l.quantity])).toEqual([['Day', 2_000_000]]);
  });
});
