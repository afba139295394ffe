import type { ConnectorStatus } from '@magma/db';
import { AppError } from '@magma/core';
import type { IdTokenCheck, MeterSampleInput } from '@magma/core/charging';
import { OCPP16_ID_MAX } from '@magma/core/id-tokens';

// Translations between OCPP payload shapes and the protocol-neutral use case inputs.

const STATUS: Record<string, ConnectorStatus> = {
  Available: 'AVAILABLE',
  Preparing: 'PREPARING',
  Charging: 'CHARGING',
  SuspendedEV: 'SUSPENDED_EV',
  SuspendedEVSE: 'SUSPENDED_EVSE',
  Finishing: 'FINISHING',
  Reserved: 'RESERVED',
  Unavailable: 'UNAVAILABLE',
  Faulted: 'FAULTED',
  Occupied: 'OCCUPIED',
};

export const connectorStatus = (s: string): ConnectorStatus => STATUS[s] ?? 'UNKNOWN';

const LEAP_SECOND = /T(\d\d):(\d\d):60(\.\d+)?/;

/**
 * An OCPP dateTime (RFC 3339, already schema-checked) as a Date. RFC 3339 allows a leap second
 * (23:59:60) and the schemas pass it, but a JS Date cannot hold it: it becomes the last
 * millisecond of its minute.
 */
export function ocppTime(text: string): Date {
  const d = new Date(text);
  if (!Number.isNaN(d.getTime())) return d;
  const leap = new Date(text.replace(LEAP_SECOND, 'T$1:$2:59.999'));
  if (!Number.isNaN(leap.getTime())) return leap;
  throw new AppError('BAD_INPUT', `${text} is not a date and time`);
}

export type SampledValue16 = {
  value: string;
  context?: string;
  format?: string;
  measurand?: string;
  phase?: string;
  location?: string;
  unit?: string;
};
export type MeterValue16 = { timestamp: string; sampledValue: SampledValue16[] };

// A 1.6 Raw value is a decimal number in a string ("12.345"); parseFloat would also read the
// leading digits of anything else ("3045022100ab" → 3045022100).
const DECIMAL = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** The number a Raw sampled value holds, or null when it holds none. */
export function rawValue16(sv: SampledValue16): number | null {
  if (sv.format === 'SignedData' || !DECIMAL.test(sv.value)) return null;
  const value = Number(sv.value);
  return Number.isFinite(value) ? value : null;
}

/** Whether any sampled value is signed (kept verbatim by the handler: it is no number to store). */
export const hasSignedData16 = (meterValues: readonly MeterValue16[] | undefined) =>
  (meterValues ?? []).some((mv) => mv.sampledValue.some((sv) => sv.format === 'SignedData'));

export function samplesFrom16(meterValues: readonly MeterValue16[] | undefined): MeterSampleInput[] {
  const out: MeterSampleInput[] = [];
  for (const mv of meterValues ?? []) {
    const timestamp = ocppTime(mv.timestamp);
    for (const sv of mv.sampledValue) {
      const value = rawValue16(sv);
      if (value === null) continue;
      const measurand = sv.measurand ?? 'Energy.Active.Import.Register';
      out.push({
        timestamp,
        measurand,
        phase: sv.phase ?? null,
        location: sv.location ?? null,
        context: sv.context ?? null,
        unit: sv.unit ?? (measurand.startsWith('Energy') ? 'Wh' : null),
        value,
      });
    }
  }
  return out;
}

export type SampledValue201 = {
  value: number;
  context?: string;
  measurand?: string;
  phase?: string;
  location?: string;
  unitOfMeasure?: { unit?: string; multiplier?: number };
};
export type MeterValue201 = { timestamp: string; sampledValue: SampledValue201[] };

export function samplesFrom201(meterValues: readonly MeterValue201[] | undefined): MeterSampleInput[] {
  const out: MeterSampleInput[] = [];
  for (const mv of meterValues ?? []) {
    const timestamp = ocppTime(mv.timestamp);
    for (const sv of mv.sampledValue) {
      const measurand = sv.measurand ?? 'Energy.Active.Import.Register';
      const multiplier = sv.unitOfMeasure?.multiplier ?? 0;
      const value = multiplier ? sv.value * 10 ** multiplier : sv.value;
      // A multiplier can take a valid reading past what a number holds; such a value is not kept.
      if (!Number.isFinite(value)) continue;
      out.push({
        timestamp,
        measurand,
        phase: sv.phase ?? null,
        location: sv.location ?? null,
        context: sv.context ?? null,
        unit: sv.unitOfMeasure?.unit ?? (measurand.startsWith('Energy') ? 'Wh' : null),
        value,
      });
    }
  }
  return out;
}

/** 1.6 idTagInfo. parentIdTag is a CiString20: a longer group id (2.0.1 allows 36) is left out. */
export function idTagInfo16(check: IdTokenCheck) {
  return {
    status: check.status,
    ...(check.expiresAt ? { expiryDate: check.expiresAt.toISOString() } : {}),
    ...(check.parentToken && check.parentToken.length <= OCPP16_ID_MAX ? { parentIdTag: check.parentToken } : {}),
  };
}

export function idTokenInfo201(check: IdTokenCheck) {
  const status = check.status === 'Invalid' && check.idTokenId === null ? 'Unknown' : check.status;
  return {
    status,
    ...(check.expiresAt ? { cacheExpiryDateTime: check.expiresAt.toISOString() } : {}),
    ...(check.parentToken ? { groupIdToken: { idToken: check.parentToken, type: 'Central' } } : {}),
  };
}
