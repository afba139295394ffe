import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectiveInstant } from './accounts.ts';
import { isValidPan, parseTaxRules, rateIndexOn } from './tax.ts';
import { weekConfigSchema, weekContaining } from './week.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('settlement weeks', () => {
  it.each([
    // Monday 00:00 in India (UTC+5:30): the week of Wed 25 Nov 2026 is Mon 23 00:00 IST = Sun 22 18:30Z.
    [
      'Asia/Kolkata',
      1,
      '00:00',
      '2026-11-25T12:00:00+05:30',
      '2026-11-22T18:30:00.000Z',
      '2026-11-29T18:30:00.000Z',
      '2026-11-23',
    ],
    // The cut-off instant itself starts the next week.
    [
      'Asia/Kolkata',
      1,
      '00:00',
      '2026-11-30T00:00:00+05:30',
      '2026-11-29T18:30:00.000Z',
      '2026-12-06T18:30:00.000Z',
      '2026-11-30',
    ],
    // Friday 18:00: 17:59 is this week, 18:00 the next.
    [
      'Asia/Kolkata',
      5,
      '18:00',
      '2026-11-27T17:59:00+05:30',
      '2026-11-20T12:30:00.000Z',
      '2026-11-27T12:30:00.000Z',
      '2026-11-20',
    ],
    [
      'Asia/Kolkata',
      5,
      '18:00',
      '2026-11-27T18:00:00+05:30',
      '2026-11-27T12:30:00.000Z',
      '2026-12-04T12:30:00.000Z',
      '2026-11-27',
    ],
    // Berlin over the spring change: Mon 23 Mar 00:00 CET (23:00Z) to Mon 30 Mar 00:00 CEST (22:00Z), 167 hours.
    [
      'Europe/Berlin',
      1,
      '00:00',
      '2026-03-29T12:00:00Z',
      '2026-03-22T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
      '2026-03-23',
    ],
    // A cut-off inside the skipped hour (Sun 29 Mar 02:30) resolves forward, to 03:30 CEST = 01:30Z.
    [
      'Europe/Berlin',
      7,
      '02:30',
      '2026-03-29T01:29:00Z',
      '2026-03-22T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-22',
    ],
  ])('%s, day %i at %s: %s → [%s, %s)', (timeZone, closeDay, cutoff, at, start, end, key) => {
    const w = weekContaining(Date.parse(at), weekConfigSchema.parse({ timeZone, closeDay, cutoff }));
    expect([iso(w.start), iso(w.end), w.key]).toEqual([start, end, key]);
  });

  it('refuses an unknown zone or a bad cut-off', () => {
    expect(weekConfigSchema.safeParse({ timeZone: 'Mars/Olympus', closeDay: 1, cutoff: '00:00' }).success).toBe(false);
    expect(weekConfigSchema.safeParse({ timeZone: 'UTC', closeDay: 8, cutoff: '00:00' }).success).toBe(false);
    expect(weekConfigSchema.safeParse({ timeZone: 'UTC', closeDay: 1, cutoff: '24:00' }).success).toBe(false);
  });

  it('a late event moves into the open week', () => {
    expect(effectiveInstant(100, 200)).toBe(200);
    expect(effectiveInstant(300, 200)).toBe(300);
    expect(effectiveInstant(100, null)).toBe(100);
  });
});

describe('tax rules', () => {
  it.each([
    ['ABCPE1234F', true],
    ['AAACB2222Q', true],
    ['ABCXE1234F', false], // X is not a holder type
    ['abcpe1234f', false],
    ['ABCPE1234', false],
    ['ABCPE12345', false],
    [' ABCPE1234F', false],
    [null, false],
    ['', false],
  ])('PAN %j valid: %s', (pan, valid) => expect(isValidPan(pan)).toBe(valid));

  it('defaults: 194-O 1% then 0.1% from 1 Oct 2024, 5% without PAN; TCS off, 0.5% from 10 Jul 2024', () => {
    const r = parseTaxRules({});
    expect(r.tds.withPan[rateIndexOn(r.tds.withPan, '2024-09-30')]?.bps).toBe(100);
    expect(r.tds.withPan[rateIndexOn(r.tds.withPan, '2024-10-01')]?.bps).toBe(10);
    expect(r.tds.withoutPan[rateIndexOn(r.tds.withoutPan, '2026-01-01')]?.bps).toBe(500);
    expect(r.tcs.enabled).toBe(false);
    expect(r.tcs.rates[rateIndexOn(r.tcs.rates, '2024-07-10')]?.bps).toBe(50);
    expect(rateIndexOn(r.tcs.rates, '2017-01-01')).toBe(-1);
  });

  it('refuses rate tables out of date order', () => {
    expect(() =>
      parseTaxRules({
        tds: {
          withPan: [
            { from: '2024-10-01', bps: 10 },
            { from: '2020-10-01', bps: 100 },
          ],
        },
      }),
    ).toThrow();
  });
});

describe('settlement weeks, properties', () => {
  const zones = fc.constantFrom('Asia/Kolkata', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'UTC');
  const config = fc.record({
    timeZone: zones,
    closeDay: fc.integer({ min: 1, max: 7 }),
    cutoff: fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  });
  const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) });

  it('every instant lies in its week; weeks tile time with no gap or overlap; a week is 7 days ± a DST hour', () => {
    fc.assert(
      fc.property(config, instant, (c, t) => {
        const w = weekContaining(t, c);
        expect(w.start <= t && t < w.end).toBe(true);
        expect(Math.abs(w.end - w.start - 7 * 86_400_000)).toBeLessThanOrEqual(3_600_000);
        expect(weekContaining(w.end, c).start).toBe(w.end);
        expect(weekContaining(w.start - 1, c).end).toBe(w.start);
        expect(weekContaining(w.start, c)).toEqual(w);
      }),
      { numRuns: 300 },
    );
  });
});
