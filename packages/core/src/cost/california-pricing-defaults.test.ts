import { describe, expect, it } from 'vitest';
import { nextOffsetChange, utcOffsetAt } from './california-pricing-defaults.ts';

// The time offsets California Pricing's TimeOffset keys carry, from an IANA zone.
describe('utcOffsetAt', () => {
  it.each([
    ['Asia/Kolkata', '2026-07-01T00:00:00Z', '+05:30'],
    ['America/Los_Angeles', '2026-01-15T12:00:00Z', '-08:00'],
    ['America/Los_Angeles', '2026-07-15T12:00:00Z', '-07:00'],
    ['Asia/Kathmandu', '2026-03-01T00:00:00Z', '+05:45'],
    ['UTC', '2026-03-01T00:00:00Z', '+00:00'],
  ])('%s at %s is %s', (zone, at, offset) => {
    expect(utcOffsetAt(zone, new Date(at))).toBe(offset);
  });
});

describe('nextOffsetChange', () => {
  it.each([
    // 2026: US daylight saving starts 8 March 10:00 UTC and ends 1 November 09:00 UTC.
    ['America/Los_Angeles', '2026-01-15T12:00:00Z', '2026-03-08T10:00:00.000Z', '-07:00'],
    ['America/Los_Angeles', '2026-07-15T12:00:00Z', '2026-11-01T09:00:00.000Z', '-08:00'],
    // EU: last Sunday of October, 01:00 UTC.
    ['Europe/Berlin', '2026-07-15T12:00:00Z', '2026-10-25T01:00:00.000Z', '+01:00'],
  ])('%s after %s changes at %s to %s', (zone, from, at, offset) => {
    expect(nextOffsetChange(zone, new Date(from))).toEqual({ at: new Date(at), offset });
  });

  it('is null for a zone without daylight saving', () => {
    expect(nextOffsetChange('Asia/Kolkata', new Date('2026-07-01T00:00:00Z'))).toBeNull();
  });
});
