import fc from 'fast-check';
import {
  DAYS_OF_WEEK,
  parseTariffDefinition,
  type CalendarRestrictions,
  type MeterSampleInput,
  type PriceComponent,
  type TariffDefinition,
  type TariffDefinitionInput,
} from '../src/index.ts';

export const timeZones = fc.constantFrom('Asia/Kolkata', 'UTC', 'Europe/Berlin', 'America/New_York');

const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

export const calendar: fc.Arbitrary<CalendarRestrictions | undefined> = fc.option(
  fc
    .record(
      {
        times: fc
          .tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 1, max: 95 }))
          .map(([a, d]) => ({ startTime: hhmm(a * 15), endTime: hhmm(((a + d) % 96) * 15) })),
        days: fc.subarray([...DAYS_OF_WEEK], { minLength: 1 }),
      },
      { requiredKeys: [] },
    )
    .map((r) => ({ ...(r.times ?? {}), ...(r.days ? { daysOfWeek: r.days } : {}) }))
    .filter((r) => Object.keys(r).length > 0),
  { nil: undefined },
);

const price = fc.integer({ min: 0, max: 5000 });

const component = (per: 'hour' | 'mixed'): fc.Arbitrary<PriceComponent> =>
  fc.oneof(
    price.map((p) => ({ dimension: 'ENERGY' as const, priceMinor: p, per: 'kWh' as const })),
    fc
      .tuple(price, per === 'hour' ? fc.constant('hour' as const) : fc.constantFrom('hour' as const, 'minute' as const))
      .map(([p, u]) => ({ dimension: 'TIME' as const, priceMinor: p, per: u })),
    fc
      .tuple(price, per === 'hour' ? fc.constant('hour' as const) : fc.constantFrom('hour' as const, 'minute' as const))
      .map(([p, u]) => ({ dimension: 'PARKING' as const, priceMinor: p, per: u })),
    price.map((p) => ({ dimension: 'FLAT' as const, priceMinor: p, per: 'session' as const })),
  );

const components = (per: 'hour' | 'mixed') =>
  fc.uniqueArray(component(per), { minLength: 1, maxLength: 4, selector: (c) => c.dimension }).map((cs) => cs);

/** Elements restricted by calendar only, with an unrestricted ENERGY fallback last. */
export function calendarTariff(
  opts: { per?: 'hour' | 'mixed'; extras?: boolean } = {},
): fc.Arbitrary<TariffDefinition> {
  const per = opts.per ?? 'mixed';
  return fc
    .record({
      elements: fc.array(fc.record({ components: components(per), restrictions: calendar }), { maxLength: 3 }),
      fallback: price,
      taxRateBps: fc.integer({ min: 0, max: 2800 }),
      minPriceMinor: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
      maxSpan: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: undefined }),
      grace: fc.integer({ min: 0, max: 30 }),
      free: opts.extras
        ? fc.array(
            calendar.filter((c): c is CalendarRestrictions => c !== undefined),
            { maxLength: 2 },
          )
        : fc.constant<CalendarRestrictions[]>([]),
      sponsors: opts.extras
        ? fc.array(
            fc.record({
              shareBps: fc.integer({ min: 1, max: 10_000 }),
              firstWh: fc.option(fc.integer({ min: 1, max: 40_000 }), { nil: undefined }),
              restrictions: calendar,
            }),
            { maxLength: 2 },
          )
        : fc.constant<
            { shareBps: number; firstWh: number | undefined; restrictions: CalendarRestrictions | undefined }[]
          >([]),
    })
    .map((r) => {
      const input: TariffDefinitionInput = {
        taxRateBps: r.taxRateBps,
        elements: [
          ...r.elements.map((e) => (e.restrictions ? e : { components: e.components })),
          { components: [{ dimension: 'ENERGY', priceMinor: r.fallback, per: 'kWh' }] },
        ],
        ...(r.minPriceMinor !== undefined ? { minPriceMinor: r.minPriceMinor } : {}),
        ...(r.maxSpan !== undefined ? { maxPriceMinor: (r.minPriceMinor ?? 0) + r.maxSpan } : {}),
        idle: { graceMinutes: opts.extras ? r.grace : 0, idleBelowW: 50 },
        freeWindows: r.free.map((c, i) => ({ label: `Free ${i}`, restrictions: c })),
        sponsors: r.sponsors.map((s, i) => ({
          id: `s${i}`,
          label: `Sponsor ${i}`,
          shareBps: s.shareBps,
          ...(s.firstWh ? { firstWh: s.firstWh } : {}),
          ...(s.restrictions ? { restrictions: s.restrictions } : {}),
        })),
      };
      return parseTariffDefinition(input);
    });
}

/** Adds session-state restrictions (energy, power, duration) to some elements. */
export const anyTariff: fc.Arbitrary<TariffDefinition> = fc
  .tuple(
    calendarTariff({ extras: true }),
    fc.array(
      fc.record(
        {
          minKwh: fc.integer({ min: 0, max: 30 }),
          maxDurationSec: fc.integer({ min: 60, max: 4 * 3600 }),
          minPowerKw: fc.integer({ min: 1, max: 60 }),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
  )
  .map(([t, extra]) =>
    parseTariffDefinition({
      ...t,
      elements: t.elements.map((e, i) => {
        const x = extra[i];
        if (!x || i === t.elements.length - 1) return e;
        return { ...e, restrictions: { ...(e.restrictions ?? {}), ...x } };
      }),
    }),
  );

/** 2026 in ms, with room either side. */
const startMs = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) });

/** Sorted, distinct timestamps with a never-decreasing register, as a well-behaved charger sends. */
export const cleanSamples: fc.Arbitrary<MeterSampleInput[]> = fc
  .tuple(
    startMs,
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.array(fc.tuple(fc.integer({ min: 1_000, max: 2 * 3_600_000 }), fc.integer({ min: 0, max: 30_000 })), {
      minLength: 1,
      maxLength: 30,
    }),
  )
  .map(([t0, e0, steps]) => {
    const out: MeterSampleInput[] = [{ at: t0, energyWh: e0 }];
    let t = t0;
    let e = e0;
    for (const [dt, de] of steps) {
      t += dt;
      e += de;
      out.push({ at: t, energyWh: e });
    }
    return out;
  });

/** What a real charger may send: shuffled, with duplicates. */
export const messySamples: fc.Arbitrary<MeterSampleInput[]> = cleanSamples.chain((s) =>
  fc
    .tuple(fc.shuffledSubarray(s, { minLength: s.length, maxLength: s.length }), fc.subarray(s))
    .map(([shuffled, dups]) => [...shuffled, ...dups]),
);
