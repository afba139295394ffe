import type { EvseAllocation } from '../model.ts';
import type {
  ChargingProfile,
  ChargingProfile16,
  ChargingProfile201,
  ChargingSchedule,
  ClearChargingProfile16Request,
  ClearChargingProfile201Request,
  OcppVersion,
  ProfilePurpose,
  RateUnit,
  SetChargingProfile16Request,
  SetChargingProfile201Request,
  TargetedProfile,
} from './types.ts';

// One builder per outbound payload, from the neutral profile, and the way back for what chargers
// report (ReportChargingProfiles) or what was stored as sent. Optional fields are left out rather
// than sent as undefined or null: the schemas forbid null.

export class ProfileBuildError extends Error {
  override name = 'ProfileBuildError';
}

const iso = (ms: number) => new Date(ms).toISOString();
const ms = (text: string) => {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new ProfileBuildError(`not a date-time: ${text}`);
  return t;
};
const opt = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

const PURPOSE_16 = {
  ChargingStationMaxProfile: 'ChargePointMaxProfile',
  TxDefaultProfile: 'TxDefaultProfile',
  TxProfile: 'TxProfile',
} as const;

function purpose16(purpose: ProfilePurpose): ChargingProfile16['chargingProfilePurpose'] {
  if (purpose === 'ChargingStationExternalConstraints') throw new ProfileBuildError(`OCPP 1.6 has no ${purpose}`);
  return PURPOSE_16[purpose];
}

function schedule16(s: ChargingSchedule): ChargingProfile16['chargingSchedule'] {
  return {
    ...opt('duration', s.duration),
    ...opt('startSchedule', s.startSchedule === undefined ? undefined : iso(s.startSchedule)),
    chargingRateUnit: s.chargingRateUnit,
    chargingSchedulePeriod: s.periods.map((p) => ({
      startPeriod: p.startPeriod,
      limit: p.limit,
      ...opt('numberPhases', p.numberPhases),
    })),
    ...opt('minChargingRate', s.minChargingRate),
  };
}

/** The csChargingProfiles / chargingProfile of RemoteStartTransaction.req too (without a transaction id). */
export function toChargingProfile16(profile: ChargingProfile): ChargingProfile16 {
  const [schedule, ...more] = profile.schedules;
  if (!schedule || more.length) throw new ProfileBuildError('an OCPP 1.6 profile has exactly one schedule');
  if (profile.transactionId !== undefined && !/^-?\d+$/.test(profile.transactionId)) {
    throw new ProfileBuildError(`a 1.6 transaction id is an integer, not ${profile.transactionId}`);
  }
  return {
    chargingProfileId: profile.id,
    ...opt('transactionId', profile.transactionId === undefined ? undefined : Number(profile.transactionId)),
    stackLevel: profile.stackLevel,
    chargingProfilePurpose: purpose16(profile.purpose),
    chargingProfileKind: profile.kind,
    ...opt('recurrencyKind', profile.recurrencyKind),
    ...opt('validFrom', profile.validFrom === undefined ? undefined : iso(profile.validFrom)),
    ...opt('validTo', profile.validTo === undefined ? undefined : iso(profile.validTo)),
    chargingSchedule: schedule16(schedule),
  };
}

export function toSetChargingProfile16({ evseId, profile }: TargetedProfile): SetChargingProfile16Request {
  return { connectorId: evseId, csChargingProfiles: toChargingProfile16(profile) };
}

/** The chargingProfile of SetChargingProfileRequest and of RequestStartTransactionRequest. */
export function toChargingProfile201(profile: ChargingProfile): ChargingProfile201 {
  return {
    id: profile.id,
    stackLevel: profile.stackLevel,
    chargingProfilePurpose: profile.purpose,
    chargingProfileKind: profile.kind,
    ...opt('recurrencyKind', profile.recurrencyKind),
    ...opt('validFrom', profile.validFrom === undefined ? undefined : iso(profile.validFrom)),
    ...opt('validTo', profile.validTo === undefined ? undefined : iso(profile.validTo)),
    ...opt('transactionId', profile.transactionId),
    chargingSchedule: profile.schedules.map((s, i) => ({
      id: s.id ?? i + 1,
      ...opt('startSchedule', s.startSchedule === undefined ? undefined : iso(s.startSchedule)),
      ...opt('duration', s.duration),
      chargingRateUnit: s.chargingRateUnit,
      chargingSchedulePeriod: s.periods.map((p) => ({
        startPeriod: p.startPeriod,
        limit: p.limit,
        ...opt('numberPhases', p.numberPhases),
        ...opt('phaseToUse', p.phaseToUse),
      })),
      ...opt('minChargingRate', s.minChargingRate),
    })),
  };
}

export function toSetChargingProfile201({ evseId, profile }: TargetedProfile): SetChargingProfile201Request {
  return { evseId, chargingProfile: toChargingProfile201(profile) };
}

export function fromSetChargingProfile16(req: SetChargingProfile16Request): TargetedProfile {
  const p = req.csChargingProfiles;
  const s = p.chargingSchedule;
  return {
    evseId: req.connectorId,
    profile: {
      id: p.chargingProfileId,
      stackLevel: p.stackLevel,
      purpose:
        p.chargingProfilePurpose === 'ChargePointMaxProfile' ? 'ChargingStationMaxProfile' : p.chargingProfilePurpose,
      kind: p.chargingProfileKind,
      ...opt('recurrencyKind', p.recurrencyKind),
      ...opt('validFrom', p.validFrom === undefined ? undefined : ms(p.validFrom)),
      ...opt('validTo', p.validTo === undefined ? undefined : ms(p.validTo)),
      ...opt('transactionId', p.transactionId === undefined ? undefined : String(p.transactionId)),
      schedules: [
        {
          ...opt('startSchedule', s.startSchedule === undefined ? undefined : ms(s.startSchedule)),
          ...opt('duration', s.duration),
          chargingRateUnit: s.chargingRateUnit,
          periods: s.chargingSchedulePeriod.map((x) => ({ ...x })),
          ...opt('minChargingRate', s.minChargingRate),
        },
      ],
    },
  };
}

export function fromSetChargingProfile201(req: SetChargingProfile201Request): TargetedProfile {
  const p = req.chargingProfile;
  return {
    evseId: req.evseId,
    profile: {
      id: p.id,
      stackLevel: p.stackLevel,
      purpose: p.chargingProfilePurpose,
      kind: p.chargingProfileKind,
      ...opt('recurrencyKind', p.recurrencyKind),
      ...opt('validFrom', p.validFrom === undefined ? undefined : ms(p.validFrom)),
      ...opt('validTo', p.validTo === undefined ? undefined : ms(p.validTo)),
      ...opt('transactionId', p.transactionId),
      schedules: p.chargingSchedule.map((s) => ({
        id: s.id,
        ...opt('startSchedule', s.startSchedule === undefined ? undefined : ms(s.startSchedule)),
        ...opt('duration', s.duration),
        chargingRateUnit: s.chargingRateUnit,
        periods: s.chargingSchedulePeriod.map((x) => ({ ...x })),
        ...opt('minChargingRate', s.minChargingRate),
      })),
    },
  };
}

/** What to clear: one profile by id, or every profile matching all the criteria given. */
export type ClearCriteria = { id?: number; evseId?: number; purpose?: ProfilePurpose; stackLevel?: number };

export function toClearChargingProfile16(c: ClearCriteria): ClearChargingProfile16Request {
  return {
    ...opt('id', c.id),
    ...opt('connectorId', c.evseId),
    ...opt('chargingProfilePurpose', c.purpose === undefined ? undefined : purpose16(c.purpose)),
    ...opt('stackLevel', c.stackLevel),
  };
}

export function toClearChargingProfile201(c: ClearCriteria): ClearChargingProfile201Request {
  if (c.purpose === 'ChargingStationExternalConstraints') {
    throw new ProfileBuildError('a CSMS cannot clear ChargingStationExternalConstraints');
  }
  const criteria = {
    ...opt('evseId', c.evseId),
    ...opt('chargingProfilePurpose', c.purpose),
    ...opt('stackLevel', c.stackLevel),
  };
  return {
    ...opt('chargingProfileId', c.id),
    ...(Object.keys(criteria).length ? { chargingProfileCriteria: criteria } : {}),
  };
}

export type ProfileFromAllocation = {
  allocation: Pick<EvseAllocation, 'limitA' | 'limitW' | 'phases'>;
  /** The OCPP EVSE id (2.0.1) or connector id (1.6) of the allocation's EVSE. */
  evseId: number;
  id: number;
  stackLevel: number;
  purpose: 'TxProfile' | 'TxDefaultProfile';
  transactionId?: string;
  unit: RateUnit;
  version: OcppVersion;
  now: number;
};

/**
 * The profile that carries an allocated limit: Absolute from `now` (2.0.1 requires a
 * startSchedule for Absolute, K01.FR.40), one period, no end: it holds until the next
 * allocation replaces it. A paused EVSE gets limit 0.
 */
export function profileFromAllocation(a: ProfileFromAllocation): TargetedProfile {
  const limit = a.unit === 'A' ? a.allocation.limitA : a.allocation.limitW;
  return {
    evseId: a.evseId,
    profile: {
      id: a.id,
      stackLevel: a.stackLevel,
      purpose: a.purpose,
      kind: 'Absolute',
      ...opt('transactionId', a.purpose === 'TxProfile' ? a.transactionId : undefined),
      schedules: [
        {
          ...(a.version === 'ocpp2.0.1' ? { id: 1 } : {}),
          startSchedule: Math.floor(a.now / 1000) * 1000,
          chargingRateUnit: a.unit,
          periods: [{ startPeriod: 0, limit, numberPhases: a.allocation.phases }],
        },
      ],
    },
  };
}
