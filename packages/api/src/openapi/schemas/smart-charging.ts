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

const schedulePeriod = z.object({
  startPeriod: int(),
  limit: z.number(),
  numberPhases: int().min(1).max(3).optional(),
});
const rateUnit = z.enum(['A', 'W']);

/** The 2.0.1 K messages about one EVSE (evseId 0: the whole station) and what load balancing sent it. */
export const evChargingStateOutput = z.object({
  evses: z.array(
    z.object({
      evseId: int(),
      needs: z
        .object({
          requestedEnergyTransfer: z.string().meta({ example: 'AC_three_phase' }),
          departureTime: dateTime.nullable(),
          energyAmountWh: z.number().nullable(),
          minCurrentA: z.number().nullable(),
          maxCurrentA: z.number().nullable(),
          maxVoltageV: z.number().nullable(),
          maxPowerW: z.number().nullable(),
          stateOfChargePct: z.number().nullable(),
          receivedAt: dateTime,
        })
        .nullable()
        .meta({ description: 'The EV’s last NotifyEVChargingNeeds' }),
      schedule: z
        .object({
          timeBase: dateTime,
          startSchedule: dateTime.nullable(),
          duration: int().nullable(),
          unit: rateUnit,
          minChargingRate: z.number().nullable(),
          periods: z.array(schedulePeriod),
          receivedAt: dateTime,
        })
        .nullable()
        .meta({ description: 'The EV’s last NotifyEVChargingSchedule' }),
      limits: z
        .array(
          z.object({
            source: z.string().meta({ example: 'EMS' }),
            isGridCritical: z.boolean().nullable(),
            limitA: z.number().nullable(),
            limitW: int().nullable(),
            unit: rateUnit.nullable(),
            periods: z.array(schedulePeriod),
            since: dateTime,
          }),
        )
        .meta({ description: 'External limits in force (NotifyChargingLimit not yet cleared)' }),
      balancing: z
        .object({
          circuitName: z.string(),
          phases: int(),
          minCurrentA: z.number(),
          maxCurrentA: z.number(),
          lastLimitA: z.number().nullable(),
          lastLimitW: int().nullable(),
          lastPhases: int().nullable(),
          lastSentAt: dateTime.nullable(),
        })
        .nullable()
        .meta({ description: 'The EVSE’s circuit and the limit site load balancing last sent' }),
      history: z.array(
        z.object({
          kind: z.enum(['SET', 'CLEARED']),
          evseId: int(),
          source: z.string(),
          limitA: z.number().nullable(),
          limitW: int().nullable(),
          at: dateTime,
        }),
      ),
    }),
  ),
});
