import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyTariff, calendarTariff, cleanSamples, messySamples, timeZones } from '../test/arbitraries.ts';
import { fromOcpiTariff, toOcpiTariff } from './ocpi.ts';
import { localToUtc, utcToLocal } from './time-zone.ts';
import { priceSession, type PricedSession } from './price-session.ts';
import { parseTariffDefinition } from './model.ts';
import type { MeterSampleInput } from './price-session.ts';
import { DAY_MS } from './time-zone.ts';

const RUNS = { numRuns: 300 };

function energyByElement(...sessions: PricedSession[]): Map<number | null, number> {
  const m = new Map<number | null, number>();
  for (const s of sessions) {
    for (const l of s.lines)
      if (l.dimension === 'ENERGY') m.set(l.elementIndex, (m.get(l.elementIndex) ?? 0) + l.quantity);
  }
  return m;
}

describe('pricing properties', () => {
  it('lines add up to the total, the sponsor share to the sponsor total, and neither exceeds it', () => {
    fc.assert(
      fc.property(anyTariff, messySamples, timeZones, fc.integer({ min: 0, max: 3 * 3_600_000 }), (t, s, tz, tail) => {
        const last = Math.max(...s.map((x) => x.at));
        const r = priceSession(t, { samples: s, timeZone: tz, endedAt: last + tail });
        expect(r.lines.reduce((a, l) => a + l.amountMinor + l.taxMinor, 0)).toBe(r.totalMinor);
        expect(r.lines.reduce((a, l) => a + l.sponsorMinor, 0)).toBe(r.sponsorMinor);
        expect(r.totalMinor).toBe(r.subtotalMinor + r.taxMinor);
        expect(r.sponsorMinor).toBeGreaterThanOrEqual(0);
        expect(r.sponsorMinor).toBeLessThanOrEqual(r.totalMinor);
        expect(r.driverMinor).toBe(r.totalMinor - r.sponsorMinor);
        for (const l of r.lines) {
          expect(Number.isSafeInteger(l.quantity)).toBe(true);
          expect(Number.isSafeInteger(l.amountMinor) && Number.isSafeInteger(l.taxMinor)).toBe(true);
        }
        if (t.maxPriceMinor !== undefined) expect(r.subtotalMinor).toBeLessThanOrEqual(t.maxPriceMinor);
      }),
      RUNS,
    );
  });

  it('prices the same whatever order and duplication the samples arrive in', () => {
    fc.assert(
      fc.property(anyTariff, cleanSamples, timeZones, fc.infiniteStream(fc.nat()), (t, s, tz, rnd) => {
        const noisy = [...s, ...s.filter(() => rnd.next().value % 3 === 0)].reverse();
        expect(priceSession(t, { samples: noisy, timeZone: tz })).toEqual(
          priceSession(t, { samples: s, timeZone: tz }),
        );
      }),
      RUNS,
    );
  });

  it('ENERGY lines carry exactly the metered energy', () => {
    fc.assert(
      fc.property(anyTariff, messySamples, timeZones, (t, s, tz) => {
        const r = priceSession(t, { samples: s, timeZone: tz });
        const wh = s.map((x) => x.energyWh);
        expect([...energyByElement(r).values()].reduce((a, b) => a + b, 0)).toBe(
          (Math.max(...wh) -
            Math.max(...s.filter((x) => x.at === Math.min(...s.map((y) => y.at))).map((x) => x.energyWh))) *
            1000,
        );
      }),
      RUNS,
    );
  });

  it('the total never decreases when more energy is delivered', () => {
    const energyAndFlat = calendarTariff({ extras: true }).map((t) =>
      parseTariffDefinition({
        ...t,
        elements: t.elements
          .map((e) => ({
            ...e,
            components: e.components.filter((c) => c.dimension !== 'TIME' && c.dimension !== 'PARKING'),
          }))
          .filter((e) => e.components.length > 0),
      }),
    );
    fc.assert(
      fc.property(
        energyAndFlat,
        cleanSamples,
        timeZones,
        fc.nat(),
        fc.integer({ min: 1, max: 20_000 }),
        (t, s, tz, k, extra) => {
          const from = k % s.length;
          const more = s.map((x, i) => (i >= from ? { ...x, energyWh: x.energyWh + extra } : x));
          const a = priceSession(t, { samples: s, timeZone: tz });
          const b = priceSession(t, { samples: more, timeZone: tz });
          expect(b.totalMinor).toBeGreaterThanOrEqual(a.totalMinor);
        },
      ),
      RUNS,
    );
  });

  it('splitting a session at any sample conserves the energy of every window', () => {
    fc.assert(
      fc.property(
        calendarTariff({ extras: true }),
        cleanSamples.filter((s) => s.length >= 3),
        timeZones,
        fc.nat(),
        (t, s, tz, k) => {
          const cut = 1 + (k % (s.length - 2));
          const whole = priceSession(t, { samples: s, timeZone: tz });
          const a = priceSession(t, { samples: s.slice(0, cut + 1), timeZone: tz });
          const b = priceSession(t, { samples: s.slice(cut), timeZone: tz });
          expect(energyByElement(a, b)).toEqual(energyByElement(whole));
        },
      ),
      RUNS,
    );
  });

  it('a session entirely inside a free window costs nothing', () => {
    fc.assert(
      fc.property(
        calendarTariff({ extras: true }),
        cleanSamples,
        timeZones,
        fc.integer({ min: 0, max: 364 }),
        (t, s, tz, day) => {
          // Free every day 06:00–22:00; squeeze the samples into 07:00–21:00 local of one day.
          const free = parseTariffDefinition({
            ...t,
            freeWindows: [{ label: 'Free', restrictions: { startTime: '06:00', endTime: '22:00' } }, ...t.freeWindows],
          });
          const dayStart = localToUtc(tz, (Math.floor(Date.UTC(2026, 0, 1) / DAY_MS) + day) * DAY_MS + 7 * 3_600_000);
          const t0 = s[0]!.at;
          const span = Math.max(1, s[s.length - 1]!.at - t0);
          const squeezed: MeterSampleInput[] = s.map((x) => ({
            ...x,
            at: dayStart + Math.floor(((x.at - t0) / span) * 14 * 3_600_000),
          }));
          const local = utcToLocal(tz, dayStart);
          expect(Math.floor((local % DAY_MS) / 3_600_000)).toBe(7);
          const r = priceSession(free, { samples: squeezed, timeZone: tz });
          expect(r.totalMinor).toBe(0);
          expect(r.lines.every((l) => l.free)).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

describe('OCPI round trip', () => {
  const expressible = calendarTariff({ per: 'hour' });

  it('a definition OCPI can express survives toOcpiTariff → fromOcpiTariff unchanged', () => {
    fc.assert(
      fc.property(expressible, (t) => {
        const ocpi = toOcpiTariff(t, {
          countryCode: 'IN',
          partyId: 'MAG',
          id: 't1',
          lastUpdated: '2026-11-25T00:00:00Z',
        });
        expect(fromOcpiTariff(JSON.parse(JSON.stringify(ocpi)))).toEqual(t);
      }),
      RUNS,
    );
  });

  it('per-minute prices map to per-hour OCPI prices that price every session the same', () => {
    fc.assert(
      fc.property(calendarTariff({ per: 'mixed' }), cleanSamples, timeZones, (t, s, tz) => {
        const back = fromOcpiTariff(toOcpiTariff(t, { countryCode: 'IN', partyId: 'MAG', id: 't1', lastUpdated: 'x' }));
        const a = priceSession(t, { samples: s, timeZone: tz });
        const b = priceSession(back, { samples: s, timeZone: tz });
        expect(b.totalMinor).toBe(a.totalMinor);
        expect(b.lines.map((l) => [l.dimension, l.quantity, l.amountMinor])).toEqual(
          a.lines.map((l) => [l.dimension, l.quantity, l.amountMinor]),
        );
      }),
      RUNS,
    );
  });
});
