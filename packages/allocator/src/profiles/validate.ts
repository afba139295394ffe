import type { ChargingProfile, ChargingSchedule, OcppVersion, RateUnit, TargetedProfile } from './types.ts';

// What the specifications require of a profile before a CSMS sends it, beyond the JSON schema
// (which the builders' output also passes). Requirement numbers are OCPP 2.0.1 part 2 (K01);
// the 1.6 rules are from its §3.13 and §5.16.

/** What the CSMS knows of the charger, from its configuration (1.6) or device model (2.0.1). */
export type ProfileContext = {
  version: OcppVersion;
  /** Connectors (1.6) or EVSEs (2.0.1) the charger has. */
  evseCount?: number;
  /** ChargingScheduleAllowedChargingRateUnit (1.6: Current → A, Power → W) / SmartChargingCtrlr.RateUnit. */
  supportedUnits?: readonly RateUnit[];
  /** ChargeProfileMaxStackLevel / SmartChargingCtrlr.ProfileStackLevel. */
  maxStackLevel?: number;
  /** ChargingScheduleMaxPeriods / SmartChargingCtrlr.PeriodsPerSchedule. */
  maxPeriods?: number;
  /** 2.0.1 SmartChargingCtrlr.ACPhaseSwitchingSupported: phaseToUse is allowed only then. */
  phaseSwitchingSupported?: boolean;
  /** The transaction on the target EVSE: its id, null when none runs, absent when unknown. */
  transactionOnEvse?: string | null;
  /** For a TxProfile carried by RemoteStartTransaction / RequestStartTransaction: no transaction id yet. */
  forRemoteStart?: boolean;
  /** When given, a profile that is no longer valid at this instant is refused. */
  now?: number;
};

export type ProfileProblem = { path: string; message: string };

const INT32_MAX = 2_147_483_647;
const isInt = (n: number, min = 0, max = INT32_MAX) => Number.isInteger(n) && n >= min && n <= max;
/** At most one decimal (1.6 multipleOf 0.1; 2.0.1 "accepts at most one digit fraction"). */
const oneDecimal = (n: number) => Number.isFinite(n) && Math.abs(n * 10 - Math.round(n * 10)) < 1e-6;

function scheduleProblems(
  s: ChargingSchedule,
  at: string,
  profile: ChargingProfile,
  ctx: ProfileContext,
): ProfileProblem[] {
  const out: ProfileProblem[] = [];
  const add = (path: string, message: string) => out.push({ path: `${at}.${path}`, message });
  const v201 = ctx.version === 'ocpp2.0.1';
  if (v201 && (s.id === undefined || !isInt(s.id))) add('id', 'a 2.0.1 schedule needs an integer id');
  if (ctx.supportedUnits && !ctx.supportedUnits.includes(s.chargingRateUnit)) {
    add('chargingRateUnit', `the charger takes ${ctx.supportedUnits.join(' or ')} only, not ${s.chargingRateUnit}`);
  }
  if (profile.kind === 'Relative' && s.startSchedule !== undefined) {
    add('startSchedule', 'a Relative profile has no startSchedule (K01.FR.41)');
  }
  if (profile.kind !== 'Relative' && s.startSchedule === undefined && (v201 || profile.kind === 'Recurring')) {
    add(
      'startSchedule',
      `${profile.kind === 'Absolute' ? 'an' : 'a'} ${profile.kind} profile needs a startSchedule (K01.FR.40)`,
    );
  }
  if (s.duration !== undefined && !isInt(s.duration, 1)) add('duration', 'duration is a positive number of seconds');
  if (s.minChargingRate !== undefined && !(s.minChargingRate >= 0 && oneDecimal(s.minChargingRate))) {
    add('minChargingRate', 'minChargingRate is ≥ 0 with at most one decimal');
  }
  const maxPeriods = Math.min(ctx.maxPeriods ?? Infinity, v201 ? 1024 : Infinity);
  if (s.periods.length === 0) add('periods', 'a schedule needs at least one period');
  if (s.periods.length > maxPeriods) add('periods', `the charger takes at most ${maxPeriods} periods`);
  s.periods.forEach((p, i) => {
    const pp = (f: string, m: string) => add(`periods[${i}].${f}`, m);
    if (i === 0 && p.startPeriod !== 0) pp('startPeriod', 'the first period starts at 0');
    if (!isInt(p.startPeriod)) pp('startPeriod', 'startPeriod is a whole number of seconds ≥ 0');
    const prev = s.periods[i - 1];
    if (prev && p.startPeriod <= prev.startPeriod) pp('startPeriod', 'periods are in strictly ascending startPeriod');
    if (s.duration !== undefined && p.startPeriod >= s.duration)
      pp('startPeriod', 'the period starts after the schedule ends');
    if (!(p.limit >= 0) || !oneDecimal(p.limit)) pp('limit', 'limit is ≥ 0 with at most one decimal');
    if (p.numberPhases !== undefined && !isInt(p.numberPhases, 1, 3)) pp('numberPhases', 'numberPhases is 1, 2 or 3');
    if (p.phaseToUse !== undefined) {
      if (!v201) pp('phaseToUse', 'phaseToUse does not exist in OCPP 1.6');
      else if (!isInt(p.phaseToUse, 1, 3)) pp('phaseToUse', 'phaseToUse is 1, 2 or 3');
      else if (p.numberPhases !== 1) pp('phaseToUse', 'phaseToUse needs numberPhases 1');
      else if (ctx.phaseSwitchingSupported !== true)
        pp('phaseToUse', 'the EVSE cannot switch phases (ACPhaseSwitchingSupported)');
    }
  });
  return out;
}

/** Every reason the charger would (or should) refuse this profile; empty when it can be sent. */
export function validateProfile({ evseId, profile }: TargetedProfile, ctx: ProfileContext): ProfileProblem[] {
  const out: ProfileProblem[] = [];
  const add = (path: string, message: string) => out.push({ path, message });
  const v201 = ctx.version === 'ocpp2.0.1';
  const target = v201 ? 'evseId' : 'connectorId';

  if (!isInt(profile.id, 0)) add('id', 'the profile id is an integer ≥ 0');
  if (!isInt(evseId)) add(target, `${target} is an integer ≥ 0`);
  if (ctx.evseCount !== undefined && evseId > ctx.evseCount) add(target, `the charger has no ${target} ${evseId}`);
  if (!isInt(profile.stackLevel)) add('stackLevel', 'stackLevel is an integer ≥ 0');
  else if (ctx.maxStackLevel !== undefined && profile.stackLevel > ctx.maxStackLevel) {
    add('stackLevel', `the charger takes stack levels up to ${ctx.maxStackLevel}`);
  }

  switch (profile.purpose) {
    case 'ChargingStationExternalConstraints':
      add(
        'purpose',
        v201 ? 'a CSMS cannot set ChargingStationExternalConstraints (K01.FR.22)' : 'not an OCPP 1.6 purpose',
      );
      break;
    case 'ChargingStationMaxProfile':
      if (evseId !== 0) add(target, `a station-wide maximum profile goes on ${target} 0`);
      if (v201 && profile.kind === 'Relative')
        add('kind', 'a ChargingStationMaxProfile cannot be Relative (K01.FR.38)');
      break;
    case 'TxProfile':
      if (evseId === 0) add(target, `a TxProfile needs an ${v201 ? 'EVSE' : 'connector'} (K01.FR.16)`);
      if (ctx.forRemoteStart) {
        if (profile.transactionId !== undefined)
          add('transactionId', 'a remote start profile has no transaction id yet');
        break;
      }
      if (profile.transactionId === undefined)
        add('transactionId', 'a TxProfile needs the transaction it is for (K01.FR.03)');
      else if (ctx.transactionOnEvse === null) add('transactionId', `no transaction runs on ${target} ${evseId}`);
      else if (ctx.transactionOnEvse !== undefined && ctx.transactionOnEvse !== profile.transactionId) {
        add(
          'transactionId',
          `the transaction on ${target} ${evseId} is ${ctx.transactionOnEvse}, not ${profile.transactionId}`,
        );
      }
      if (!v201 && profile.transactionId !== undefined && !/^-?\d+$/.test(profile.transactionId)) {
        add('transactionId', 'a 1.6 transaction id is an integer');
      }
      if (v201 && profile.transactionId !== undefined && profile.transactionId.length > 36) {
        add('transactionId', 'a transaction id has at most 36 characters');
      }
      break;
    case 'TxDefaultProfile':
      break;
  }
  if (profile.purpose !== 'TxProfile' && profile.transactionId !== undefined) {
    add('transactionId', 'only a TxProfile carries a transaction id');
  }

  if (profile.kind === 'Recurring' && !profile.recurrencyKind)
    add('recurrencyKind', 'a Recurring profile needs recurrencyKind');
  if (profile.kind !== 'Recurring' && profile.recurrencyKind)
    add('recurrencyKind', 'only a Recurring profile has a recurrencyKind');
  if (profile.validFrom !== undefined && profile.validTo !== undefined && profile.validFrom >= profile.validTo) {
    add('validTo', 'validTo is after validFrom');
  }
  if (ctx.now !== undefined && profile.validTo !== undefined && profile.validTo <= ctx.now) {
    add('validTo', 'the profile is no longer valid');
  }

  const count = profile.schedules.length;
  if (count === 0) add('schedules', 'a profile needs a schedule');
  if (!v201 && count > 1) add('schedules', 'an OCPP 1.6 profile has exactly one schedule');
  if (v201 && count > 3) add('schedules', 'a profile has at most three schedules');
  if (v201 && count > 1 && profile.purpose !== 'TxProfile')
    add('schedules', 'only a TxProfile (ISO 15118) offers several schedules');
  const ids = profile.schedules.map((s) => s.id);
  if (new Set(ids).size !== ids.length) add('schedules', 'schedule ids are unique within a profile');
  profile.schedules.forEach((s, i) => out.push(...scheduleProblems(s, `schedules[${i}]`, profile, ctx)));
  return out;
}
