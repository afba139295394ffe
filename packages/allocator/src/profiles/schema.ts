import { z } from 'zod';
import type { TargetedProfile } from './types.ts';

// The neutral profile's shape and size caps, for input from outside (an operator's form, the
// API, a stored row). The spec's rules between fields are validateProfile's: parse first, then
// validate against what the charger supports.

const INT32_MAX = 2_147_483_647;
const TEN_YEARS_S = 10 * 366 * 86_400;
const instant = z.number().int().min(0).max(8_640_000_000_000);
const rate = z.number().min(0).max(10_000_000);

export const schedulePeriodSchema = z
  .object({
    startPeriod: z.number().int().min(0).max(TEN_YEARS_S),
    limit: rate,
    numberPhases: z.number().int().min(1).max(3).optional(),
    phaseToUse: z.number().int().min(1).max(3).optional(),
  })
  .strict();

export const chargingScheduleSchema = z
  .object({
    id: z.number().int().min(0).max(INT32_MAX).optional(),
    startSchedule: instant.optional(),
    duration: z.number().int().min(1).max(TEN_YEARS_S).optional(),
    chargingRateUnit: z.enum(['A', 'W']),
    periods: z.array(schedulePeriodSchema).min(1).max(1024),
    minChargingRate: rate.optional(),
  })
  .strict();

export const chargingProfileSchema = z
  .object({
    id: z.number().int().min(0).max(INT32_MAX),
    stackLevel: z.number().int().min(0).max(1000),
    purpose: z.enum([
      'ChargingStationMaxProfile',
      'TxDefaultProfile',
      'TxProfile',
      'ChargingStationExternalConstraints',
    ]),
    kind: z.enum(['Absolute', 'Recurring', 'Relative']),
    recurrencyKind: z.enum(['Daily', 'Weekly']).optional(),
    validFrom: instant.optional(),
    validTo: instant.optional(),
    transactionId: z.string().min(1).max(36).optional(),
    schedules: z.array(chargingScheduleSchema).min(1).max(3),
  })
  .strict();

export const targetedProfileSchema = z
  .object({ evseId: z.number().int().min(0).max(10_000), profile: chargingProfileSchema })
  .strict();

// The schema's output is the neutral type (checked by the compiler).
export const parseTargetedProfile = (input: unknown): TargetedProfile => targetedProfileSchema.parse(input);
