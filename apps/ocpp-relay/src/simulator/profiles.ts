import {
  clearProfiles,
  compositeSchedule,
  fromSetChargingProfile16,
  fromSetChargingProfile201,
  installProfile,
  toChargingProfile201,
  toGetCompositeSchedule16Response,
  toGetCompositeSchedule201Response,
  type ChargingProfile201,
  type CompositeSchedule,
  type ProfilePurpose,
  type RateUnit,
  type SetChargingProfile16Request,
  type SetChargingProfile201Request,
  type TargetedProfile,
} from '@magma/allocator/profiles';
import type { Version } from './payloads.ts';

// The charging profiles a simulated charger holds, and what it does with them: it installs and
// clears them the way the spec says a charger does (@magma/allocator/profiles), answers
// GetCompositeSchedule from them, and limits the power it delivers to the composite limit.

export type SimTransaction = { id: string; startedAt: number };

const PURPOSE_201: Record<string, ProfilePurpose> = {
  ChargePointMaxProfile: 'ChargingStationMaxProfile',
  ChargingStationMaxProfile: 'ChargingStationMaxProfile',
  TxDefaultProfile: 'TxDefaultProfile',
  TxProfile: 'TxProfile',
};

export class SimProfiles {
  installed: TargetedProfile[] = [];

  constructor(
    private readonly version: Version,
    /** The EVSE's own maximum in W (the limit where no profile applies). */
    private readonly maxPowerW: number,
  ) {}

  /** SetChargingProfile: Accepted once installed; a 2.0.1 same-place overlap is Rejected (K01.FR.06). */
  set(params: SetChargingProfile16Request | SetChargingProfile201Request): 'Accepted' | 'Rejected' {
    const incoming =
      this.version === 'ocpp1.6'
        ? fromSetChargingProfile16(params as SetChargingProfile16Request)
        : fromSetChargingProfile201(params as SetChargingProfile201Request);
    const outcome = installProfile(this.installed, incoming, this.version);
    if (outcome.outcome === 'conflict') return 'Rejected';
    this.installed = outcome.installed;
    return 'Accepted';
  }

  /** ClearChargingProfile (either version's payload): Accepted when something was removed, else Unknown. */
  clear(p: {
    id?: number;
    chargingProfileId?: number;
    connectorId?: number;
    chargingProfilePurpose?: string;
    stackLevel?: number;
    chargingProfileCriteria?: { evseId?: number; chargingProfilePurpose?: string; stackLevel?: number };
  }): 'Accepted' | 'Unknown' {
    const c = p.chargingProfileCriteria ?? p;
    const purpose = c.chargingProfilePurpose === undefined ? undefined : PURPOSE_201[c.chargingProfilePurpose];
    const id = p.id ?? p.chargingProfileId;
    const { cleared, remaining } = clearProfiles(
      this.installed,
      id !== undefined
        ? { id }
        : {
            evseId: 'evseId' in c ? c.evseId : p.connectorId,
            ...(purpose ? { purpose } : {}),
            ...(c.stackLevel !== undefined ? { stackLevel: c.stackLevel } : {}),
          },
    );
    this.installed = remaining;
    return cleared.length ? 'Accepted' : 'Unknown';
  }

  /** A TxProfile lasts as long as its transaction (1.6 §3.13.1, 2.0.1 K01.FR.05 note): dropped at its end. */
  endTransaction(transactionId: string): void {
    this.installed = this.installed.filter(
      (x) => !(x.profile.purpose === 'TxProfile' && x.profile.transactionId === transactionId),
    );
  }

  /** GetChargingProfiles: the matching profiles per EVSE, as 2.0.1 ReportChargingProfiles carries them. */
  reportable(c: {
    evseId?: number;
    purpose?: string;
    stackLevel?: number;
    ids?: number[];
  }): [number, ChargingProfile201[]][] {
    const out = new Map<number, ChargingProfile201[]>();
    for (const { evseId, profile } of this.installed) {
      if (c.evseId !== undefined && evseId !== c.evseId) continue;
      if (c.purpose !== undefined && profile.purpose !== c.purpose) continue;
      if (c.stackLevel !== undefined && profile.stackLevel !== c.stackLevel) continue;
      if (c.ids?.length && !c.ids.includes(profile.id)) continue;
      out.set(evseId, [...(out.get(evseId) ?? []), toChargingProfile201(profile)]);
    }
    return [...out];
  }

  composite(evseId: number, durationS: number, unit: RateUnit, now: number, tx?: SimTransaction): CompositeSchedule {
    return compositeSchedule({
      profiles: this.installed,
      evseId,
      start: Math.floor(now / 1000) * 1000,
      duration: durationS,
      unit,
      ...(tx ? { transaction: tx } : {}),
      hardwareLimit: unit === 'W' ? this.maxPowerW : Math.floor((this.maxPowerW / 3 / 230) * 10) / 10,
    });
  }

  compositeAnswer(evseId: number, durationS: number, unit: RateUnit, now: number, tx?: SimTransaction) {
    const c = this.composite(evseId, durationS, unit, now, tx);
    return this.version === 'ocpp1.6' ? toGetCompositeSchedule16Response(c) : toGetCompositeSchedule201Response(c);
  }

  /** The power the EVSE may draw now, in W: the composite limit's first period, at most its maximum. */
  powerW(evseId: number, now: number, tx?: SimTransaction): number {
    // Not from the start of the current second, as a reported composite is: a transaction that
    // started within this second would not have begun there, and its Relative profile not applied.
    const at = tx ? Math.max(now, tx.startedAt) : now;
    const [first] = compositeSchedule({
      profiles: this.installed,
      evseId,
      start: at,
      duration: 60,
      unit: 'W',
      ...(tx ? { transaction: tx } : {}),
      hardwareLimit: this.maxPowerW,
    }).periods;
    return Math.min(this.maxPowerW, first?.limit ?? this.maxPowerW);
  }
}
