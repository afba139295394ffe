import type {
  ChargingProfile,
  GetCompositeSchedule16Response,
  GetCompositeSchedule201Response,
  ProfilePurpose,
  RateUnit,
  SchedulePeriod,
  TargetedProfile,
} from './types.ts';

// The composite schedule of an EVSE: what it may draw at each instant given every installed
// profile (1.6 §3.13.4, 2.0.1 K08). Within a purpose the valid profile with the highest stack
// level whose schedule is running wins; a schedule past its duration, or a profile outside its
// validity, gives way to the next level down. A TxProfile of the running transaction overrides
// TxDefaultProfiles, an EVSE's own TxDefaultProfile overrides one set on EVSE 0; the result is
// the lowest of that, the station-wide maximum, external constraints and the EVSE's own maximum.
// Used by GetCompositeSchedule answers (the simulator) and to show an operator what a charger
// will do.

export type CompositeInput = {
  profiles: readonly TargetedProfile[];
  /** 0: the station's grid connection (its maximum and external constraints only). */
  evseId: number;
  start: number;
  /** Seconds. */
  duration: number;
  unit: RateUnit;
  /** The transaction on the EVSE, if any: Relative profiles start with it, its TxProfile applies. */
  transaction?: { id: string; startedAt: number };
  /** The EVSE's own maximum, in `unit`: the limit wherever no profile applies. */
  hardwareLimit: number;
  /** For A ↔ W: phase-to-neutral voltage (default 230) and phases assumed where a period names none (default 3). */
  voltageV?: number;
};

export type CompositeSchedule = {
  evseId: number;
  scheduleStart: number;
  duration: number;
  chargingRateUnit: RateUnit;
  periods: SchedulePeriod[];
};

type Limit = { limit: number; numberPhases?: number };

const DAY_MS = 86_400_000;

function anchor(profile: ChargingProfile, t: number, input: CompositeInput): number | undefined {
  const [schedule] = profile.schedules;
  if (!schedule) return undefined;
  const relative = input.transaction?.startedAt ?? input.start;
  if (profile.kind === 'Relative') return relative;
  if (profile.kind === 'Absolute') return schedule.startSchedule ?? relative;
  const base = schedule.startSchedule;
  if (base === undefined || t < base) return undefined;
  const every = profile.recurrencyKind === 'Weekly' ? 7 * DAY_MS : DAY_MS;
  return base + Math.floor((t - base) / every) * every;
}

function convert(limit: number, from: RateUnit, to: RateUnit, phases: number, voltageV: number): number {
  if (from === to) return limit;
  return from === 'A' ? limit * voltageV * phases : limit / (voltageV * phases);
}

/** The profile's limit at `t` in the requested unit, or undefined when it does not apply then. */
function limitAt(profile: ChargingProfile, t: number, input: CompositeInput): Limit | undefined {
  if (profile.validFrom !== undefined && t < profile.validFrom) return undefined;
  if (profile.validTo !== undefined && t >= profile.validTo) return undefined;
  const schedule = profile.schedules[0];
  const start = anchor(profile, t, input);
  if (!schedule || start === undefined || t < start) return undefined;
  const elapsed = (t - start) / 1000;
  if (schedule.duration !== undefined && elapsed >= schedule.duration) return undefined;
  let period: SchedulePeriod | undefined;
  for (const p of schedule.periods) if (p.startPeriod <= elapsed) period = p;
  if (!period) return undefined;
  const phases = period.numberPhases ?? 3;
  return {
    limit: convert(period.limit, schedule.chargingRateUnit, input.unit, phases, input.voltageV ?? 230),
    ...(period.numberPhases !== undefined ? { numberPhases: period.numberPhases } : {}),
  };
}

function stack(candidates: readonly TargetedProfile[], t: number, input: CompositeInput): Limit | undefined {
  let best: { level: number; limit: Limit } | undefined;
  for (const { profile } of candidates) {
    if (best && profile.stackLevel < best.level) continue;
    const limit = limitAt(profile, t, input);
    if (limit) best = { level: profile.stackLevel, limit };
  }
  return best?.limit;
}

function lowest(...limits: (Limit | undefined)[]): Limit {
  let out: Limit | undefined;
  for (const l of limits) if (l && (!out || l.limit < out.limit)) out = l;
  return out as Limit;
}

function limitFor(input: CompositeInput, t: number): Limit {
  const on = (evseId: number, purpose: ProfilePurpose) =>
    input.profiles.filter((x) => x.evseId === evseId && x.profile.purpose === purpose);
  const hardware = { limit: input.hardwareLimit };
  const stationMax = stack(on(0, 'ChargingStationMaxProfile'), t, input);
  const stationExternal = stack(on(0, 'ChargingStationExternalConstraints'), t, input);
  if (input.evseId === 0) return lowest(hardware, stationMax, stationExternal);
  const tx = input.transaction;
  const txProfiles = tx
    ? on(input.evseId, 'TxProfile').filter(
        (x) => x.profile.transactionId === undefined || x.profile.transactionId === tx.id,
      )
    : [];
  const txLimit =
    stack(txProfiles, t, input) ??
    stack(on(input.evseId, 'TxDefaultProfile'), t, input) ??
    stack(on(0, 'TxDefaultProfile'), t, input);
  const evseExternal = stack(on(input.evseId, 'ChargingStationExternalConstraints'), t, input);
  return lowest(hardware, stationMax, stationExternal, txLimit, evseExternal);
}

/** Every instant in (start, end) where some profile's limit can change. */
function breakpoints(input: CompositeInput, end: number): number[] {
  const out = new Set<number>();
  const add = (t: number) => {
    if (t > input.start && t < end) out.add(t);
  };
  for (const { profile } of input.profiles) {
    if (profile.validFrom !== undefined) add(profile.validFrom);
    if (profile.validTo !== undefined) add(profile.validTo);
    const schedule = profile.schedules[0];
    if (!schedule) continue;
    const offsets = [
      ...schedule.periods.map((p) => p.startPeriod),
      ...(schedule.duration !== undefined ? [schedule.duration] : []),
    ];
    const anchors: number[] = [];
    if (profile.kind === 'Recurring' && schedule.startSchedule !== undefined) {
      const every = profile.recurrencyKind === 'Weekly' ? 7 * DAY_MS : DAY_MS;
      const first = Math.max(0, Math.floor((input.start - schedule.startSchedule) / every));
      for (let k = first; schedule.startSchedule + k * every < end; k++)
        anchors.push(schedule.startSchedule + k * every);
    } else {
      const a = anchor(profile, input.start, input);
      if (a !== undefined) anchors.push(a);
    }
    for (const a of anchors) for (const o of offsets) add(a + o * 1000);
  }
  return [...out].sort((a, b) => a - b);
}

const down = (x: number) => Math.floor(x * 10 + 1e-6) / 10;

export function compositeSchedule(input: CompositeInput): CompositeSchedule {
  const end = input.start + input.duration * 1000;
  const periods: SchedulePeriod[] = [];
  for (const t of [input.start, ...breakpoints(input, end)]) {
    const l = limitFor(input, t);
    const limit = down(l.limit);
    const last = periods[periods.length - 1];
    if (last && last.limit === limit && last.numberPhases === l.numberPhases) continue;
    periods.push({
      startPeriod: Math.round((t - input.start) / 1000),
      limit,
      ...(l.numberPhases !== undefined ? { numberPhases: l.numberPhases } : {}),
    });
  }
  return {
    evseId: input.evseId,
    scheduleStart: input.start,
    duration: input.duration,
    chargingRateUnit: input.unit,
    periods,
  };
}

export function toGetCompositeSchedule16Response(c: CompositeSchedule): GetCompositeSchedule16Response {
  const start = new Date(c.scheduleStart).toISOString();
  return {
    status: 'Accepted',
    connectorId: c.evseId,
    scheduleStart: start,
    chargingSchedule: {
      duration: c.duration,
      startSchedule: start,
      chargingRateUnit: c.chargingRateUnit,
      chargingSchedulePeriod: c.periods.map(({ startPeriod, limit, numberPhases }) => ({
        startPeriod,
        limit,
        ...(numberPhases !== undefined ? { numberPhases } : {}),
      })),
    },
  };
}

export function toGetCompositeSchedule201Response(c: CompositeSchedule): GetCompositeSchedule201Response {
  return {
    status: 'Accepted',
    schedule: {
      evseId: c.evseId,
      duration: c.duration,
      scheduleStart: new Date(c.scheduleStart).toISOString(),
      chargingRateUnit: c.chargingRateUnit,
      chargingSchedulePeriod: c.periods,
    },
  };
}
