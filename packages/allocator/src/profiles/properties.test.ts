import fc from 'fast-check';
import { createRequire } from 'node:module';
import { createValidator } from 'ocpp-rpc';
import { describe, expect, it } from 'vitest';
import {
  fromSetChargingProfile16,
  fromSetChargingProfile201,
  toSetChargingProfile16,
  toSetChargingProfile201,
} from './build.ts';
import { compositeSchedule } from './composite.ts';
import { parseTargetedProfile } from './schema.ts';
import type { ChargingProfile, ChargingSchedule, OcppVersion, TargetedProfile } from './types.ts';
import { validateProfile } from './validate.ts';

const require = createRequire(import.meta.url);
const schemas = {
  'ocpp1.6': createValidator('ocpp1.6', require('ocpp-rpc/lib/schemas/ocpp1_6.json')),
  'ocpp2.0.1': createValidator('ocpp2.0.1', require('ocpp-rpc/lib/schemas/ocpp2_0_1.json')),
};
const T0 = Date.UTC(2026, 11, 5, 10, 0, 0);
const RUNS = { numRuns: 300 };
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const strip = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const anySchedule = fc
  .record({
    id: opt(fc.integer({ min: 0, max: 5 })),
    startSchedule: opt(fc.integer({ min: -7200, max: 7200 }).map((s) => T0 + s * 1000)),
    duration: opt(fc.integer({ min: -1, max: 7200 })),
    chargingRateUnit: fc.constantFrom('A' as const, 'W' as const),
    periods: fc.array(
      fc.record({
        startPeriod: fc.integer({ min: 0, max: 7200 }),
        limit: fc.integer({ min: -10, max: 500 }).chain((l) => fc.constantFrom(l, l / 10, l / 100)),
        numberPhases: opt(fc.integer({ min: 0, max: 4 })),
        phaseToUse: opt(fc.integer({ min: 0, max: 3 })),
      }),
      { maxLength: 4 },
    ),
    minChargingRate: opt(fc.constantFrom(0, 6, 6.05)),
  })
  .map((s): ChargingSchedule => strip({ ...s, periods: s.periods.map(strip) }));

const anyProfile = fc
  .record({
    id: fc.integer({ min: 0, max: 50 }),
    stackLevel: fc.integer({ min: 0, max: 5 }),
    purpose: fc.constantFrom('ChargingStationMaxProfile' as const, 'TxDefaultProfile' as const, 'TxProfile' as const),
    kind: fc.constantFrom('Absolute' as const, 'Recurring' as const, 'Relative' as const),
    recurrencyKind: opt(fc.constantFrom('Daily' as const, 'Weekly' as const)),
    validFrom: opt(fc.integer({ min: -7200, max: 7200 }).map((s) => T0 + s * 1000)),
    validTo: opt(fc.integer({ min: -7200, max: 14_400 }).map((s) => T0 + s * 1000)),
    transactionId: opt(fc.constantFrom('1', '42', 'tx-1')),
    schedules: fc.array(anySchedule, { minLength: 1, maxLength: 2 }),
  })
  .map((p): ChargingProfile => strip(p));

/** Profiles built to follow the rules (so the properties are not vacuous), in both versions' terms. */
const validTargeted = fc
  .record({
    purpose: fc.constantFrom('ChargingStationMaxProfile' as const, 'TxDefaultProfile' as const, 'TxProfile' as const),
    kind: fc.constantFrom('Absolute' as const, 'Recurring' as const, 'Relative' as const),
    recurrencyKind: fc.constantFrom('Daily' as const, 'Weekly' as const),
    evse: fc.integer({ min: 1, max: 2 }),
    defaultOnZero: fc.boolean(),
    id: fc.integer({ min: 0, max: 50 }),
    stackLevel: fc.integer({ min: 0, max: 5 }),
    start: fc.integer({ min: -7200, max: 7200 }).map((x) => T0 + x * 1000),
    validity: opt(fc.tuple(fc.integer({ min: -7200, max: 7200 }), fc.integer({ min: 1, max: 7200 }))),
    unit: fc.constantFrom('A' as const, 'W' as const),
    steps: fc.uniqueArray(fc.integer({ min: 1, max: 7000 }), { maxLength: 4 }),
    limits: fc.array(
      fc.integer({ min: 0, max: 400 }).chain((x) => fc.constantFrom(x / 10, x / 10, x / 10, x / 10, x / 100)),
      { minLength: 5, maxLength: 5 },
    ),
    phases: fc.array(opt(fc.integer({ min: 1, max: 3 })), { minLength: 5, maxLength: 5 }),
    duration: opt(fc.integer({ min: 7001, max: 9000 })),
  })
  .map((r): TargetedProfile => {
    const kind = r.purpose === 'ChargingStationMaxProfile' && r.kind === 'Relative' ? 'Absolute' : r.kind;
    const starts = [0, ...[...r.steps].sort((a, b) => a - b)];
    const evseId =
      r.purpose === 'ChargingStationMaxProfile' || (r.purpose === 'TxDefaultProfile' && r.defaultOnZero) ? 0 : r.evse;
    return {
      evseId,
      profile: strip({
        id: r.id,
        stackLevel: r.stackLevel,
        purpose: r.purpose,
        kind,
        recurrencyKind: kind === 'Recurring' ? r.recurrencyKind : undefined,
        validFrom: r.validity ? T0 + r.validity[0] * 1000 : undefined,
        validTo: r.validity ? T0 + (r.validity[0] + r.validity[1]) * 1000 : undefined,
        transactionId: r.purpose === 'TxProfile' ? '42' : undefined,
        schedules: [
          strip({
            id: 1,
            startSchedule: kind === 'Relative' ? undefined : r.start,
            duration: r.duration,
            chargingRateUnit: r.unit,
            periods: starts.map((startPeriod, i) =>
              strip({
                startPeriod,
                limit: r.unit === 'A' ? r.limits[i]! : r.limits[i]! * 500,
                numberPhases: r.phases[i],
              }),
            ),
          }),
        ],
      }),
    };
  });

const anyTargeted = fc.oneof(validTargeted, fc.record({ evseId: fc.integer({ min: 0, max: 2 }), profile: anyProfile }));
const versions = fc.constantFrom<OcppVersion>('ocpp1.6', 'ocpp2.0.1');

describe('profile properties', () => {
  it('a profile validateProfile accepts builds into a payload the official schema accepts, and reads back the same', () => {
    fc.assert(
      fc.property(anyTargeted, versions, (tp, version) => {
        if (validateProfile(tp, { version, phaseSwitchingSupported: true }).length) return;
        expect(parseTargetedProfile(tp)).toEqual(tp);
        if (version === 'ocpp1.6') {
          const req = toSetChargingProfile16(tp);
          expect(schemas[version].validate('urn:SetChargingProfile.req', req)).toBe(true);
          const { id: _id, ...schedule } = tp.profile.schedules[0]!;
          expect(fromSetChargingProfile16(req)).toEqual({ ...tp, profile: { ...tp.profile, schedules: [schedule] } });
        } else {
          const req = toSetChargingProfile201(tp);
          expect(schemas[version].validate('urn:SetChargingProfile.req', req)).toBe(true);
          expect(fromSetChargingProfile201(req)).toEqual(tp);
        }
      }),
      RUNS,
    );
  });

  it('the composite schedule agrees, period by period, with the limit computed at each instant alone', () => {
    const valid = fc
      .array(anyTargeted, { maxLength: 6 })
      .map((xs) =>
        xs.filter((tp) => validateProfile(tp, { version: 'ocpp2.0.1', phaseSwitchingSupported: true }).length === 0),
      );
    fc.assert(
      fc.property(
        valid,
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom('A' as const, 'W' as const),
        (profiles, evseId, unit) => {
          const base = {
            profiles,
            evseId,
            unit,
            hardwareLimit: unit === 'A' ? 32 : 22_000,
            transaction: { id: '42', startedAt: T0 + 300_000 },
          };
          const c = compositeSchedule({ ...base, start: T0, duration: 10_800 });
          expect(c.periods[0]?.startPeriod).toBe(0);
          c.periods.forEach((p, i) => {
            if (i > 0) expect(p.startPeriod).toBeGreaterThan(c.periods[i - 1]!.startPeriod);
            expect(p.limit).toBeGreaterThanOrEqual(0);
            expect(p.limit).toBeLessThanOrEqual(base.hardwareLimit);
          });
          for (let s = 0; s < 10_800; s += 150) {
            const here = [...c.periods].reverse().find((p) => p.startPeriod <= s)!;
            const alone = compositeSchedule({ ...base, start: T0 + s * 1000, duration: 1 }).periods[0]!;
            expect(alone.limit).toBe(here.limit);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
