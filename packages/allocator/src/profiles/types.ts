// Charging profiles in one version-neutral shape (what the CSMS stores and reasons about), and the
// wire shapes of OCPP 1.6 (SetChargingProfile.req csChargingProfiles) and 2.0.1
// (SetChargingProfileRequest chargingProfile), typed after the official JSON schemas.
// Times in the neutral shape are epoch milliseconds; on the wire they are RFC 3339 strings.

export type OcppVersion = 'ocpp1.6' | 'ocpp2.0.1';

/** 1.6 calls the station-wide cap ChargePointMaxProfile; 2.0.1 ChargingStationMaxProfile. */
export type ProfilePurpose =
  | 'ChargingStationMaxProfile'
  | 'TxDefaultProfile'
  | 'TxProfile'
  /** 2.0.1 only, set locally by an energy manager: a CSMS never sets or clears it. */
  | 'ChargingStationExternalConstraints';
export type ProfileKind = 'Absolute' | 'Recurring' | 'Relative';
export type RecurrencyKind = 'Daily' | 'Weekly';
export type RateUnit = 'A' | 'W';

export type SchedulePeriod = {
  /** Seconds from the start of the schedule. */
  startPeriod: number;
  /** In the schedule's unit, per phase for A; at most one decimal. */
  limit: number;
  /** 1..3; 3 is assumed when absent. */
  numberPhases?: number;
  /** 2.0.1: the phase to use when numberPhases is 1 and the EVSE can switch phases. */
  phaseToUse?: number;
};

export type ChargingSchedule = {
  /** 2.0.1 requires an id per schedule. */
  id?: number;
  startSchedule?: number;
  /** Seconds; absent: the last period lasts until the profile ends (or the transaction does). */
  duration?: number;
  chargingRateUnit: RateUnit;
  periods: SchedulePeriod[];
  minChargingRate?: number;
};

export type ChargingProfile = {
  id: number;
  stackLevel: number;
  purpose: ProfilePurpose;
  kind: ProfileKind;
  recurrencyKind?: RecurrencyKind;
  validFrom?: number;
  validTo?: number;
  /** TxProfile only. 1.6 transaction ids are integers, carried here as their decimal string. */
  transactionId?: string;
  /** 1.6: exactly one; 2.0.1: one to three (more than one only for ISO 15118 TxProfiles). */
  schedules: ChargingSchedule[];
};

/** A profile and where it applies: the EVSE (2.0.1) or connector (1.6); 0 is the whole station. */
export type TargetedProfile = { evseId: number; profile: ChargingProfile };

// --- OCPP 1.6 wire shapes ---------------------------------------------------------------------

export type SchedulePeriod16 = { startPeriod: number; limit: number; numberPhases?: number };
export type ChargingSchedule16 = {
  duration?: number;
  startSchedule?: string;
  chargingRateUnit: RateUnit;
  chargingSchedulePeriod: SchedulePeriod16[];
  minChargingRate?: number;
};
export type ChargingProfile16 = {
  chargingProfileId: number;
  transactionId?: number;
  stackLevel: number;
  chargingProfilePurpose: 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
  chargingProfileKind: ProfileKind;
  recurrencyKind?: RecurrencyKind;
  validFrom?: string;
  validTo?: string;
  chargingSchedule: ChargingSchedule16;
};
export type SetChargingProfile16Request = { connectorId: number; csChargingProfiles: ChargingProfile16 };
export type ClearChargingProfile16Request = {
  id?: number;
  connectorId?: number;
  chargingProfilePurpose?: ChargingProfile16['chargingProfilePurpose'];
  stackLevel?: number;
};
export type GetCompositeSchedule16Response = {
  status: 'Accepted' | 'Rejected';
  connectorId?: number;
  scheduleStart?: string;
  chargingSchedule?: ChargingSchedule16;
};

// --- OCPP 2.0.1 wire shapes -------------------------------------------------------------------

export type SchedulePeriod201 = SchedulePeriod;
export type ChargingSchedule201 = {
  id: number;
  startSchedule?: string;
  duration?: number;
  chargingRateUnit: RateUnit;
  chargingSchedulePeriod: SchedulePeriod201[];
  minChargingRate?: number;
};
export type ChargingProfile201 = {
  id: number;
  stackLevel: number;
  chargingProfilePurpose: ProfilePurpose;
  chargingProfileKind: ProfileKind;
  recurrencyKind?: RecurrencyKind;
  validFrom?: string;
  validTo?: string;
  transactionId?: string;
  chargingSchedule: ChargingSchedule201[];
};
export type SetChargingProfile201Request = { evseId: number; chargingProfile: ChargingProfile201 };
export type ClearChargingProfile201Request = {
  chargingProfileId?: number;
  chargingProfileCriteria?: { evseId?: number; chargingProfilePurpose?: ProfilePurpose; stackLevel?: number };
};
export type GetCompositeSchedule201Response = {
  status: 'Accepted' | 'Rejected';
  schedule?: {
    evseId: number;
    duration: number;
    scheduleStart: string;
    chargingRateUnit: RateUnit;
    chargingSchedulePeriod: SchedulePeriod201[];
  };
};
