import { z } from 'zod';
import { CAPACITY_UNITS, dateTime, FORECAST_TYPES, MAX_BLOCKS, PHASES } from './blocks.ts';

// OSCP 2.0 (Open Charge Alliance, 2020-10-12): JSON over HTTPS, one POST endpoint per message under
// the party's base URL for version 2.0, `Authorization: Token <token>`, answered 204 with no body.
// Field names and enumerations as the specification's JSON schemas write them.

const id = z.string().trim().min(1).max(256);
const token = z.string().min(1).max(512);

export const forecastedBlock20 = z.object({
  capacity: z.number().finite().nonnegative(),
  phase: z.enum(PHASES),
  unit: z.enum(CAPACITY_UNITS),
  start_time: dateTime,
  end_time: dateTime,
});
export type ForecastedBlock20 = z.infer<typeof forecastedBlock20>;

export const versionUrl20 = z.object({ version: z.string().min(1).max(16), base_url: z.url().max(500) });

export const register20 = z.object({ token, version_url: z.array(versionUrl20).min(1).max(16) });
export type Register20 = z.infer<typeof register20>;

export const MEASUREMENT_CONFIGURATIONS = ['CONTINUOUS', 'INTERMITTENT'] as const;
export const requiredBehaviour20 = z.object({
  /** Seconds between the heartbeats the sender requires of the receiver. */
  heartbeat_interval: z.number().int().positive().max(86_400).optional(),
  measurement_configuration: z.array(z.enum(MEASUREMENT_CONFIGURATIONS)).min(1).max(2),
});
export const handshake20 = z.object({ required_behaviour: requiredBehaviour20 });
export type Handshake20 = z.infer<typeof handshake20>;
export const handshakeAcknowledgement20 = z.object({ required_behaviour: requiredBehaviour20.optional() });
export type HandshakeAcknowledgement20 = z.infer<typeof handshakeAcknowledgement20>;

export const heartbeat20 = z.object({ offline_mode_at: dateTime });
export type Heartbeat20 = z.infer<typeof heartbeat20>;

export const groupCapacityForecast20 = z.object({
  group_id: id,
  type: z.enum(FORECAST_TYPES),
  forecasted_blocks: z.array(forecastedBlock20).min(1).max(MAX_BLOCKS),
});
/** UpdateGroupCapacityForecast (CP → FP) and AdjustGroupCapacityForecast (FP → CP) share a shape. */
export type GroupCapacityForecast20 = z.infer<typeof groupCapacityForecast20>;

export const groupCapacityComplianceError20 = z.object({
  message: z.string().min(1).max(1000),
  forecasted_blocks: z.array(forecastedBlock20).min(1).max(MAX_BLOCKS).optional(),
});
export type GroupCapacityComplianceError20 = z.infer<typeof groupCapacityComplianceError20>;

export const ENERGY_DIRECTIONS = ['NET', 'IMPORT', 'EXPORT'] as const;
export const ENERGY_TYPES = ['FLEXIBLE', 'NONFLEXIBLE', 'TOTAL'] as const;
export const energyMeasurement20 = z.object({
  value: z.number().finite(),
  phase: z.enum(PHASES),
  unit: z.enum(['WH', 'KWH']),
  direction: z.enum(ENERGY_DIRECTIONS),
  energy_type: z.enum(ENERGY_TYPES).optional(),
  measure_time: dateTime,
  initial_measure_time: dateTime.optional(),
});
export const updateGroupMeasurements20 = z.object({
  group_id: id,
  measurements: z.array(energyMeasurement20).min(1).max(MAX_BLOCKS),
});
export type UpdateGroupMeasurements20 = z.infer<typeof updateGroupMeasurements20>;

export const instantaneousMeasurement20 = z.object({
  value: z.number().finite(),
  phase: z.enum(PHASES),
  unit: z.enum(['A', 'W', 'KW', 'WH', 'KWH']),
  measure_time: dateTime,
});
export const assetMeasurement20 = z.object({
  asset_id: id,
  asset_category: z.enum(['CHARGING', 'CONSUMPTION', 'GENERATION', 'STORAGE']),
  energy_measurement: energyMeasurement20.optional(),
  instantaneous_measurement: instantaneousMeasurement20.optional(),
});
export const updateAssetMeasurements20 = z.object({
  group_id: id,
  asset_measurements: z.array(assetMeasurement20).min(1).max(1000),
});
export type UpdateAssetMeasurements20 = z.infer<typeof updateAssetMeasurements20>;

/** The endpoint (last path segment) of each 2.0 message. */
export const ENDPOINTS_20 = {
  register: 'register',
  handshake: 'handshake',
  handshakeAcknowledgement: 'handshake_acknowledgement',
  heartbeat: 'heartbeat',
  updateGroupCapacityForecast: 'update_group_capacity_forecast',
  adjustGroupCapacityForecast: 'adjust_group_capacity_forecast',
  groupCapacityComplianceError: 'group_capacity_compliance_error',
  updateGroupMeasurements: 'update_group_measurements',
  updateAssetMeasurements: 'update_asset_measurements',
} as const;
