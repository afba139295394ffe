import { z } from 'zod';
import { ChargingProfileKind, ChargingProfilePurpose, ChargingProfileStatus } from '@magma/db';
import { dateTime, jsonValue } from './common.ts';

// Charging profiles of a charger (OCPP SetChargingProfile / ClearChargingProfile /
// GetCompositeSchedule / GetChargingProfiles), as stored and as the charger answered.

const int = () => z.number().int();

const storedProfile = z.object({
  id: z.string(),
  chargerId: z.string(),
  evseId: int(),
  ocppProfileId: int(),
  purpose: z.enum(ChargingProfilePurpose),
  kind: z.enum(ChargingProfileKind),
  recurrencyKind: z.string().nullable(),
  stackLevel: int(),
  chargingRateUnit: z.string().meta({ example: 'A' }),
  validFrom: dateTime.nullable(),
  validTo: dateTime.nullable(),
  transactionId: z.string().nullable(),
  status: z.enum(ChargingProfileStatus),
  profile: jsonValue,
  sent: jsonValue,
  response: jsonValue,
  commandId: z.string().nullable(),
  clearCommandId: z.string().nullable(),
  replacedById: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
  endedAt: dateTime.nullable(),
});

const compositeView = {
  status: z.string(),
  scheduleStart: dateTime.nullable(),
  duration: int().nullable(),
  unit: z.enum(['A', 'W']).nullable(),
  periods: z.array(z.object({ startPeriod: int(), limit: z.number(), numberPhases: int().min(1).max(3).optional() })),
};

export const chargingProfilesOutput = z.object({
  profiles: z.array(storedProfile),
  composites: z.array(z.object({ ...compositeView, id: z.string(), evseId: int(), fetchedAt: dateTime })),
});

export const reportedProfilesOutput = z.object({
  complete: z.boolean().meta({ description: 'Whether the charger has sent its last report for this request' }),
  profiles: z.array(z.object({ evseId: int(), source: z.string(), profile: jsonValue, receivedAt: dateTime })),
});

export const setChargingProfileOutput = z.object({
  profile: storedProfile.extend({ tenantId: z.string(), createdById: z.string().nullable() }),
  answer: z.string().nullable().meta({ example: 'Accepted' }),
});

export const clearChargingProfileOutput = z.object({
  answer: z.string().nullable(),
  cleared: int(),
  commandId: z.string(),
});

export const compositeScheduleOutput = z.object({ ...compositeView, id: z.string(), commandId: z.string() });

export const profilesReportRequestOutput = z.object({
  requestId: int(),
  answer: z.string().nullable(),
  commandId: z.string(),
});
