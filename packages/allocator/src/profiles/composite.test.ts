import { createRequire } from 'node:module';
import { createValidator } from 'ocpp-rpc';
import { describe, expect, it } from 'vitest';
import {
  compositeSchedule,
  toGetCompositeSchedule16Response,
  toGetCompositeSchedule201Response,
  type CompositeInput,
} from './composite.ts';
import type { ChargingProfile, ChargingSchedule, TargetedProfile } from './types.ts';

const require = createRequire(import.meta.url);
const T0 = Date.UTC(2026, 11, 5, 10, 0, 0);

const schedule = (periods: [number, number, number?][], over: Partial<ChargingSchedule> = {}): ChargingSchedule => ({
  chargingRateUnit: 'A',
  startSchedule: T0,
  periods: periods.map(([startPeriod, limit, numberPhases]) => ({
    startPeriod,
    limit,
    ...(numberPhases ? { numberPhases } : {}),
  })),
  ...over,
});
let nextId = 1;
const profile = (
  evseId: number,
  over: Partial<ChargingProfile> & Pick<ChargingProfile, 'purpose' | 'schedules'>,
): TargetedProfile => ({
  evseId,
  profile: { id: nextId++, stackLevel: 0, kind: 'Absolute', ...over },
});
const periods = (input: Omit<CompositeInput, 'start' | 'unit' | 'hardwareLimit'> & Partial<CompositeInput>) =>
  compositeSchedule({ start: T0, unit: 'A', hardwareLimit: 32, ...input }).periods.map((p) =>
    p.numberPhases ? [p.startPeriod, p.limit, p.numberPhases] : [p.startPeriod, p.limit],
  );

const site = [
  profile(0, { purpose: 'ChargingStationMaxProfile', schedules: [schedule([[0, 32]])] }),
  profile(0, { purpose: 'TxDefaultProfile', schedules: [schedule([[0, 16]])] }),
  profile(1, {
    purpose: 'TxDefaultProfile',
    stackLevel: 1,
    schedules: [
      schedule([
        [0, 10],
        [3600, 20],
      ]),
    ],
  }),
  profile(1, {
    purpose: 'TxProfile',
    kind: 'Relative',
    transactionId: 'T1',
    schedules: [schedule([[0, 6]], { startSchedule: undefined, duration: 1800 })],
  }),
];

describe('compositeSchedule: hand-computed', () => {
  it("an EVSE's TxProfile (relative to its transaction, 30 min) over its own TxDefaultProfile, under the station maximum", () => {
    // Transaction from 10:10: 10 A (own default) until then, 6 A for 30 min, 10 A again, 20 A from 11:00.
    expect(
      periods({ profiles: site, evseId: 1, duration: 7200, transaction: { id: 'T1', startedAt: T0 + 600_000 } }),
    ).toEqual([
      [0, 10],
      [600, 6],
      [2400, 10],
      [3600, 20],
    ]);
  });

  it("another transaction's TxProfile does not apply", () => {
    expect(periods({ profiles: site, evseId: 1, duration: 7200, transaction: { id: 'T2', startedAt: T0 } })).toEqual([
      [0, 10],
      [3600, 20],
    ]);
  });

  it("an EVSE without its own default takes EVSE 0's; EVSE 0 itself the station maximum", () => {
    expect(periods({ profiles: site, evseId: 2, duration: 3600 })).toEqual([[0, 16]]);
    expect(periods({ profiles: site, evseId: 0, duration: 3600, hardwareLimit: 40 })).toEqual([[0, 32]]);
  });

  it('a higher stack level wins while its schedule runs, then the lower one again', () => {
    const profiles = [
      profile(1, { purpose: 'TxDefaultProfile', stackLevel: 0, schedules: [schedule([[0, 16]])] }),
      profile(1, { purpose: 'TxDefaultProfile', stackLevel: 2, schedules: [schedule([[0, 8]], { duration: 600 })] }),
    ];
    expect(periods({ profiles, evseId: 1, duration: 3600 })).toEqual([
      [0, 8],
      [600, 16],
    ]);
  });

  it('a profile stops at validTo, and the hardware maximum applies where nothing else does', () => {
    const profiles = [
      profile(0, { purpose: 'ChargingStationMaxProfile', validTo: T0 + 900_000, schedules: [schedule([[0, 20]])] }),
    ];
    expect(periods({ profiles, evseId: 1, duration: 3600 })).toEqual([
      [0, 20],
      [900, 32],
    ]);
  });

  it('a daily Recurring profile repeats from its startSchedule', () => {
    // From 22:00 yesterday: 10 A for 8 h, then 32 A; the window 10:00 + 14 h meets the next 22:00.
    const profiles = [
      profile(0, {
        purpose: 'TxDefaultProfile',
        kind: 'Recurring',
        recurrencyKind: 'Daily',
        schedules: [
          schedule(
            [
              [0, 10],
              [28_800, 32],
            ],
            { startSchedule: Date.UTC(2026, 11, 4, 22, 0) },
          ),
        ],
      }),
    ];
    expect(periods({ profiles, evseId: 1, duration: 14 * 3600, hardwareLimit: 40 })).toEqual([
      [0, 32],
      [43_200, 10],
    ]);
  });

  it('converts between A and W with the period phases (3 when unnamed)', () => {
    const profiles = [
      profile(0, {
        purpose: 'ChargingStationMaxProfile',
        schedules: [schedule([[0, 11_000]], { chargingRateUnit: 'W' })],
      }),
      profile(1, { purpose: 'TxDefaultProfile', schedules: [schedule([[0, 16, 1]])] }),
    ];
    // In A: 11 kW / (230 V × 3) = 15.94 → 15.9 A (below the 16 A 1-phase default).
    expect(periods({ profiles, evseId: 1, duration: 600 })).toEqual([[0, 15.9]]);
    // In W: 16 A × 230 V × 1 phase = 3680 W, below 11 kW.
    expect(periods({ profiles, evseId: 1, duration: 600, unit: 'W', hardwareLimit: 22_000 })).toEqual([[0, 3680, 1]]);
  });

  it('answers GetCompositeSchedule in shapes both schemas accept', () => {
    const c = compositeSchedule({ profiles: site, evseId: 1, start: T0, duration: 7200, unit: 'A', hardwareLimit: 32 });
    const v16 = createValidator('ocpp1.6', require('ocpp-rpc/lib/schemas/ocpp1_6.json'));
    const v201 = createValidator('ocpp2.0.1', require('ocpp-rpc/lib/schemas/ocpp2_0_1.json'));
    const r16 = toGetCompositeSchedule16Response(c);
    const r201 = toGetCompositeSchedule201Response(c);
    expect(v16.validate('urn:GetCompositeSchedule.conf', r16)).toBe(true);
    expect(v201.validate('urn:GetCompositeSchedule.conf', r201)).toBe(true);
    expect(r16.chargingSchedule?.chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 10 },
      { startPeriod: 3600, limit: 20 },
    ]);
    expect(r201.schedule?.scheduleStart).toBe('2026-12-05T10:00:00.000Z');
  });
});
