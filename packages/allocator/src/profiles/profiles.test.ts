import { createRequire } from 'node:module';
import { createValidator } from 'ocpp-rpc';
import { describe, expect, it } from 'vitest';
import {
  fromSetChargingProfile16,
  fromSetChargingProfile201,
  profileFromAllocation,
  toClearChargingProfile16,
  toClearChargingProfile201,
  toSetChargingProfile16,
  toSetChargingProfile201,
} from './build.ts';
import { clearProfiles, installProfile, replacementId } from './replace.ts';
import type { ChargingProfile, TargetedProfile } from './types.ts';
import { validateProfile, type ProfileContext } from './validate.ts';

const require = createRequire(import.meta.url);
const schemas = {
  'ocpp1.6': createValidator('ocpp1.6', require('ocpp-rpc/lib/schemas/ocpp1_6.json')),
  'ocpp2.0.1': createValidator('ocpp2.0.1', require('ocpp-rpc/lib/schemas/ocpp2_0_1.json')),
};
const T0 = Date.UTC(2026, 11, 5, 10, 0, 0);

const aProfile = (over: Partial<ChargingProfile> = {}): ChargingProfile => ({
  id: 7,
  stackLevel: 1,
  purpose: 'TxDefaultProfile',
  kind: 'Absolute',
  schedules: [{ id: 1, startSchedule: T0, chargingRateUnit: 'A', periods: [{ startPeriod: 0, limit: 16 }] }],
  ...over,
});
const at = (evseId: number, profile: ChargingProfile): TargetedProfile => ({ evseId, profile });
const v16: ProfileContext = { version: 'ocpp1.6' };
const v201: ProfileContext = { version: 'ocpp2.0.1' };
const messages = (tp: TargetedProfile, ctx: ProfileContext) =>
  validateProfile(tp, ctx).map((p) => `${p.path}: ${p.message}`);

describe('validateProfile', () => {
  it('accepts a plain TxDefaultProfile in both versions', () => {
    expect(messages(at(0, aProfile()), v16)).toEqual([]);
    expect(messages(at(0, aProfile()), v201)).toEqual([]);
  });

  it.each<[string, TargetedProfile, ProfileContext, string[]]>([
    [
      'a TxProfile without its transaction',
      at(1, aProfile({ purpose: 'TxProfile' })),
      v201,
      ['transactionId: a TxProfile needs the transaction it is for (K01.FR.03)'],
    ],
    [
      'a TxProfile on EVSE 0',
      at(0, aProfile({ purpose: 'TxProfile', transactionId: 'tx-1' })),
      v201,
      ['evseId: a TxProfile needs an EVSE (K01.FR.16)'],
    ],
    [
      'a TxProfile for another transaction than the one running',
      at(1, aProfile({ purpose: 'TxProfile', transactionId: 'tx-1' })),
      { ...v201, transactionOnEvse: 'tx-2' },
      ['transactionId: the transaction on evseId 1 is tx-2, not tx-1'],
    ],
    [
      'a TxProfile where no transaction runs',
      at(1, aProfile({ purpose: 'TxProfile', transactionId: '12' })),
      { ...v16, transactionOnEvse: null },
      ['transactionId: no transaction runs on connectorId 1'],
    ],
    [
      'a 1.6 TxProfile with a non-integer transaction id',
      at(1, aProfile({ purpose: 'TxProfile', transactionId: 'abc' })),
      v16,
      ['transactionId: a 1.6 transaction id is an integer'],
    ],
    [
      'a remote-start TxProfile that already names a transaction',
      at(1, aProfile({ purpose: 'TxProfile', transactionId: '5' })),
      { ...v16, forRemoteStart: true },
      ['transactionId: a remote start profile has no transaction id yet'],
    ],
    [
      'a transaction id on a TxDefaultProfile',
      at(1, aProfile({ transactionId: 'tx-1' })),
      v201,
      ['transactionId: only a TxProfile carries a transaction id'],
    ],
    [
      'a station maximum on a connector',
      at(1, aProfile({ purpose: 'ChargingStationMaxProfile' })),
      v16,
      ['connectorId: a station-wide maximum profile goes on connectorId 0'],
    ],
    [
      'a Relative station maximum in 2.0.1',
      at(
        0,
        aProfile({
          purpose: 'ChargingStationMaxProfile',
          kind: 'Relative',
          schedules: [{ id: 1, chargingRateUnit: 'A', periods: [{ startPeriod: 0, limit: 16 }] }],
        }),
      ),
      v201,
      ['kind: a ChargingStationMaxProfile cannot be Relative (K01.FR.38)'],
    ],
    [
      'external constraints set by the CSMS',
      at(0, aProfile({ purpose: 'ChargingStationExternalConstraints' })),
      v201,
      ['purpose: a CSMS cannot set ChargingStationExternalConstraints (K01.FR.22)'],
    ],
    [
      'periods out of order, not from 0, negative, two decimals, 4 phases',
      at(
        0,
        aProfile({
          schedules: [
            {
              id: 1,
              startSchedule: T0,
              chargingRateUnit: 'A',
              periods: [
                { startPeriod: 60, limit: 16 },
                { startPeriod: 30, limit: -1 },
                { startPeriod: 90, limit: 6.25, numberPhases: 4 },
              ],
            },
          ],
        }),
      ),
      v16,
      [
        'schedules[0].periods[0].startPeriod: the first period starts at 0',
        'schedules[0].periods[1].startPeriod: periods are in strictly ascending startPeriod',
        'schedules[0].periods[1].limit: limit is ≥ 0 with at most one decimal',
        'schedules[0].periods[2].limit: limit is ≥ 0 with at most one decimal',
        'schedules[0].periods[2].numberPhases: numberPhases is 1, 2 or 3',
      ],
    ],
    [
      'a unit the charger does not take, more periods and a higher stack level than it takes',
      at(
        0,
        aProfile({
          stackLevel: 9,
          schedules: [
            {
              startSchedule: T0,
              chargingRateUnit: 'W',
              periods: [
                { startPeriod: 0, limit: 7000 },
                { startPeriod: 60, limit: 3000 },
              ],
            },
          ],
        }),
      ),
      { ...v16, supportedUnits: ['A'], maxPeriods: 1, maxStackLevel: 8 },
      [
        'stackLevel: the charger takes stack levels up to 8',
        'schedules[0].chargingRateUnit: the charger takes A only, not W',
        'schedules[0].periods: the charger takes at most 1 periods',
      ],
    ],
    [
      'Recurring without recurrencyKind or startSchedule',
      at(
        0,
        aProfile({
          kind: 'Recurring',
          schedules: [{ chargingRateUnit: 'A', periods: [{ startPeriod: 0, limit: 16 }] }],
        }),
      ),
      v16,
      [
        'recurrencyKind: a Recurring profile needs recurrencyKind',
        'schedules[0].startSchedule: a Recurring profile needs a startSchedule (K01.FR.40)',
      ],
    ],
    [
      'Absolute without startSchedule in 2.0.1 (1.6 allows it)',
      at(0, aProfile({ schedules: [{ id: 1, chargingRateUnit: 'A', periods: [{ startPeriod: 0, limit: 16 }] }] })),
      v201,
      ['schedules[0].startSchedule: an Absolute profile needs a startSchedule (K01.FR.40)'],
    ],
    [
      'Relative with a startSchedule',
      at(0, aProfile({ kind: 'Relative' })),
      v16,
      ['schedules[0].startSchedule: a Relative profile has no startSchedule (K01.FR.41)'],
    ],
    [
      'validity backwards, and expired',
      at(0, aProfile({ validFrom: T0 + 1000, validTo: T0 })),
      { ...v201, now: T0 + 5000 },
      ['validTo: validTo is after validFrom', 'validTo: the profile is no longer valid'],
    ],
    [
      'phaseToUse without phase switching, and in 1.6',
      at(
        0,
        aProfile({
          schedules: [
            {
              id: 1,
              startSchedule: T0,
              chargingRateUnit: 'A',
              periods: [{ startPeriod: 0, limit: 16, numberPhases: 1, phaseToUse: 2 }],
            },
          ],
        }),
      ),
      v201,
      ['schedules[0].periods[0].phaseToUse: the EVSE cannot switch phases (ACPhaseSwitchingSupported)'],
    ],
    [
      'two schedules on a TxDefaultProfile, and in 1.6',
      at(0, aProfile({ schedules: [aProfile().schedules[0]!, { ...aProfile().schedules[0]!, id: 2 }] })),
      v16,
      ['schedules: an OCPP 1.6 profile has exactly one schedule'],
    ],
    [
      'an EVSE the charger does not have',
      at(3, aProfile()),
      { ...v201, evseCount: 2 },
      ['evseId: the charger has no evseId 3'],
    ],
  ])('refuses %s', (_name, tp, ctx, expected) => {
    expect(messages(tp, ctx)).toEqual(expected);
  });
});

describe('builders, against the official JSON schemas', () => {
  const full = aProfile({
    purpose: 'TxProfile',
    transactionId: '42',
    kind: 'Recurring',
    recurrencyKind: 'Daily',
    validFrom: T0,
    validTo: T0 + 86_400_000,
    schedules: [
      {
        id: 3,
        startSchedule: T0,
        duration: 7200,
        chargingRateUnit: 'A',
        periods: [
          { startPeriod: 0, limit: 16, numberPhases: 3 },
          { startPeriod: 3600, limit: 6.5, numberPhases: 1 },
        ],
        minChargingRate: 6,
      },
    ],
  });

  it('builds a 1.6 SetChargingProfile.req the schema accepts, and reads it back', () => {
    const req = toSetChargingProfile16(at(1, full));
    expect(schemas['ocpp1.6'].validate('urn:SetChargingProfile.req', req)).toBe(true);
    expect(req).toEqual({
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 7,
        transactionId: 42,
        stackLevel: 1,
        chargingProfilePurpose: 'TxProfile',
        chargingProfileKind: 'Recurring',
        recurrencyKind: 'Daily',
        validFrom: '2026-12-05T10:00:00.000Z',
        validTo: '2026-12-06T10:00:00.000Z',
        chargingSchedule: {
          duration: 7200,
          startSchedule: '2026-12-05T10:00:00.000Z',
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: 16, numberPhases: 3 },
            { startPeriod: 3600, limit: 6.5, numberPhases: 1 },
          ],
          minChargingRate: 6,
        },
      },
    });
    const { id: _id, ...schedule } = full.schedules[0]!;
    expect(fromSetChargingProfile16(req)).toEqual(at(1, { ...full, schedules: [schedule] }));
  });

  it('builds a 2.0.1 SetChargingProfileRequest the schema accepts, and reads it back', () => {
    const req = toSetChargingProfile201(at(1, { ...full, transactionId: 'tx-42' }));
    expect(schemas['ocpp2.0.1'].validate('urn:SetChargingProfile.req', req)).toBe(true);
    expect(req.chargingProfile.transactionId).toBe('tx-42');
    expect(req.chargingProfile.chargingSchedule[0]!.id).toBe(3);
    expect(fromSetChargingProfile201(req)).toEqual(at(1, { ...full, transactionId: 'tx-42' }));
  });

  it('the schema check bites: a null field is refused', () => {
    const req = toSetChargingProfile16(at(1, full));
    expect(() =>
      schemas['ocpp1.6'].validate('urn:SetChargingProfile.req', {
        ...req,
        csChargingProfiles: { ...req.csChargingProfiles, validTo: null },
      }),
    ).toThrow();
  });

  it('maps the station maximum to 1.6 ChargePointMaxProfile, and refuses external constraints for 1.6', () => {
    const req = toSetChargingProfile16(at(0, aProfile({ purpose: 'ChargingStationMaxProfile' })));
    expect(req.csChargingProfiles.chargingProfilePurpose).toBe('ChargePointMaxProfile');
    expect(fromSetChargingProfile16(req).profile.purpose).toBe('ChargingStationMaxProfile');
    expect(() => toSetChargingProfile16(at(0, aProfile({ purpose: 'ChargingStationExternalConstraints' })))).toThrow(
      'OCPP 1.6 has no ChargingStationExternalConstraints',
    );
  });

  it.each([
    ['by id', { id: 7 }, { id: 7 }, { chargingProfileId: 7 }],
    [
      'by criteria',
      { evseId: 1, purpose: 'TxDefaultProfile' as const, stackLevel: 2 },
      { connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 2 },
      { chargingProfileCriteria: { evseId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 2 } },
    ],
    [
      'the station maximum',
      { purpose: 'ChargingStationMaxProfile' as const },
      { chargingProfilePurpose: 'ChargePointMaxProfile' },
      { chargingProfileCriteria: { chargingProfilePurpose: 'ChargingStationMaxProfile' } },
    ],
  ])('builds ClearChargingProfile %s for both versions', (_name, criteria, want16, want201) => {
    const r16 = toClearChargingProfile16(criteria);
    const r201 = toClearChargingProfile201(criteria);
    expect(r16).toEqual(want16);
    expect(r201).toEqual(want201);
    expect(schemas['ocpp1.6'].validate('urn:ClearChargingProfile.req', r16)).toBe(true);
    expect(schemas['ocpp2.0.1'].validate('urn:ClearChargingProfile.req', r201)).toBe(true);
  });

  it.each(['ocpp1.6', 'ocpp2.0.1'] as const)(
    'turns an allocation into a valid %s TxProfile and TxDefaultProfile',
    (version) => {
      const allocation = { limitA: 10.6, limitW: 2438, phases: 1 as const };
      const now = T0 + 1234;
      const tx = profileFromAllocation({
        allocation,
        evseId: 2,
        id: 9,
        stackLevel: 2,
        purpose: 'TxProfile',
        transactionId: '77',
        unit: 'A',
        version,
        now,
      });
      const def = profileFromAllocation({
        allocation,
        evseId: 2,
        id: 10,
        stackLevel: 1,
        purpose: 'TxDefaultProfile',
        unit: 'W',
        version,
        now,
      });
      expect(tx.profile.schedules[0]).toMatchObject({
        startSchedule: T0 + 1000,
        periods: [{ startPeriod: 0, limit: 10.6, numberPhases: 1 }],
      });
      expect(def.profile.schedules[0]!.periods[0]!.limit).toBe(2438);
      expect(def.profile.transactionId).toBeUndefined();
      for (const tp of [tx, def]) {
        expect(validateProfile(tp, { version, transactionOnEvse: '77' })).toEqual([]);
        const req = version === 'ocpp1.6' ? toSetChargingProfile16(tp) : toSetChargingProfile201(tp);
        expect(schemas[version].validate('urn:SetChargingProfile.req', req)).toBe(true);
      }
    },
  );
});

describe('replacement and clearing', () => {
  const a = at(1, aProfile({ id: 1, stackLevel: 1 }));
  const b = at(1, aProfile({ id: 2, stackLevel: 2 }));
  const c = at(2, aProfile({ id: 3, stackLevel: 1 }));
  const max = at(0, aProfile({ id: 4, purpose: 'ChargingStationMaxProfile' }));
  const installed = [a, b, c, max];

  it('replaces a profile with the same id in both versions', () => {
    const again = at(1, aProfile({ id: 2, stackLevel: 5 }));
    for (const version of ['ocpp1.6', 'ocpp2.0.1'] as const) {
      const r = installProfile(installed, again, version);
      expect(r.outcome).toBe('replaced');
      expect(r.outcome !== 'conflict' && r.replaced).toEqual([2]);
      expect(r.installed.map((x) => x.profile.id)).toEqual([1, 3, 4, 2]);
    }
  });

  it('1.6: the same purpose and stack level on the same connector replaces; 2.0.1 refuses it (K01.FR.06)', () => {
    const same = at(1, aProfile({ id: 8, stackLevel: 1 }));
    const r16 = installProfile(installed, same, 'ocpp1.6');
    expect(r16).toMatchObject({ outcome: 'replaced', replaced: [1] });
    expect(r16.installed.map((x) => x.profile.id)).toEqual([2, 3, 4, 8]);
    expect(installProfile(installed, same, 'ocpp2.0.1')).toMatchObject({ outcome: 'conflict', conflictWith: 1 });
    expect(replacementId(installed, same)).toBe(1);
  });

  it('2.0.1: the same purpose and stack level with validity periods that do not overlap is added', () => {
    const early = at(1, aProfile({ id: 1, validTo: T0 }));
    const later = at(1, aProfile({ id: 8, validFrom: T0 }));
    expect(installProfile([early], later, 'ocpp2.0.1')).toMatchObject({ outcome: 'added', replaced: [] });
  });

  it('a TxProfile clashes with one of the same stack level for the same transaction', () => {
    const t1 = at(1, aProfile({ id: 1, purpose: 'TxProfile', transactionId: 'x' }));
    const t2 = at(1, aProfile({ id: 2, purpose: 'TxProfile', transactionId: 'y' }));
    const t3 = at(1, aProfile({ id: 3, purpose: 'TxProfile', transactionId: 'x' }));
    expect(installProfile([t1], t2, 'ocpp2.0.1').outcome).toBe('added');
    expect(installProfile([t1], t3, 'ocpp2.0.1')).toMatchObject({ outcome: 'conflict', conflictWith: 1 });
  });

  it.each([
    ['by id', { id: 3 }, [3]],
    ['by id, ignoring other criteria', { id: 3, evseId: 1 }, [3]],
    ['by EVSE', { evseId: 1 }, [1, 2]],
    ['by purpose', { purpose: 'ChargingStationMaxProfile' as const }, [4]],
    ['by purpose and stack level', { purpose: 'TxDefaultProfile' as const, stackLevel: 1 }, [1, 3]],
    ['everything', {}, [1, 2, 3, 4]],
  ])('clears %s', (_name, criteria, cleared) => {
    const r = clearProfiles(installed, criteria);
    expect(r.cleared).toEqual(cleared);
    expect(r.remaining.length).toBe(installed.length - cleared.length);
  });

  it('never clears external constraints', () => {
    const ext = at(0, aProfile({ id: 5, purpose: 'ChargingStationExternalConstraints' }));
    expect(clearProfiles([ext], {}).cleared).toEqual([]);
    expect(() => toClearChargingProfile201({ purpose: 'ChargingStationExternalConstraints' })).toThrow();
  });
});
