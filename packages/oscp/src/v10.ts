import { z } from 'zod';
import { dateTime, FORECAST_TYPES, MAX_BLOCKS, PHASES } from './blocks.ts';

// OSCP 1.0 (2015) message set: UpdateCapacityForecast (DSO → CSO), GetCapacityForecast (CSO asks,
// answered with the forecast), AdjustCapacityForecast (CSO → DSO), UpdateAggregatedUsage (CSO →
// DSO) and Heartbeat (both ways). 1.0 has no Register or Handshake: tokens are exchanged offline.
// The 1.0 specification binds these messages to SOAP; we carry the same messages and fields as JSON
// over HTTP POST, one endpoint each, with the 2.0 token header (see the README's 1.0 section).

const id = z.string().trim().min(1).max(256);

export const forecastedBlock10 = z.object({
  capacity: z.number().finite().nonnegative(),
  phase: z.enum(PHASES).default('ALL'),
  /** 1.0 knows amperes and kilowatts. */
  unit: z.enum(['A', 'KW']),
  startTime: dateTime,
  endTime: dateTime,
});
export type ForecastedBlock10 = z.infer<typeof forecastedBlock10>;

export const capacityForecast10 = z.object({
  groupId: id,
  /** 1.0 forecasts are consumption capacity; 2.0's other types are accepted where a DSO sends them. */
  type: z.enum(FORECAST_TYPES).default('CONSUMPTION'),
  forecastedBlock: z.array(forecastedBlock10).min(1).max(MAX_BLOCKS),
});
/** UpdateCapacityForecast, AdjustCapacityForecast and GetCapacityForecast's answer. */
export type CapacityForecast10 = z.infer<typeof capacityForecast10>;

export const getCapacityForecast10 = z.object({ groupId: id });
export type GetCapacityForecast10 = z.infer<typeof getCapacityForecast10>;

export const usage10 = z.object({
  value: z.number().finite().nonnegative(),
  unit: z.enum(['WH', 'KWH']),
  startTime: dateTime,
  endTime: dateTime,
});
export const updateAggregatedUsage10 = z.object({ groupId: id, usage: z.array(usage10).min(1).max(MAX_BLOCKS) });
export type UpdateAggregatedUsage10 = z.infer<typeof updateAggregatedUsage10>;

export const heartbeat10 = z.object({ offlineModeAt: dateTime });
export type Heartbeat10 = z.infer<typeof heartbeat10>;

export const ENDPOINTS_10 = {
  updateCapacityForecast: 'update_capacity_forecast',
  getCapacityForecast: 'get_capacity_forecast',
  adjustCapacityForecast: 'adjust_capacity_forecast',
  updateAggregatedUsage: 'update_aggregated_usage',
  heartbeat: 'heartbeat',
} as const;
