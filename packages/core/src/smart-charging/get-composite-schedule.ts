import type { CompositeScheduleModel, Db, Prisma } from '@magma/db';
import { z } from 'zod';
import type { Bus } from '../bus/types.ts';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';
import { answeredStatus, chargerInScope, sendCommand, versionOf } from './stored-profiles.ts';

// Ask a charger for the composite schedule of a connector/EVSE (1.6 GetCompositeSchedule, 2.0.1
// K08): the limit it will apply over the coming `duration` seconds, from every profile it holds.
// The answer is stored (CompositeSchedule) and returned as periods for a chart.

export const getCompositeScheduleInput = z.object({
  chargerId: z.uuid(),
  evseId: z.number().int().min(0).max(64),
  duration: z
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(86_400),
  unit: z.enum(['A', 'W']).optional(),
});

const period = z.object({
  startPeriod: z.number().int().min(0),
  limit: z.number().min(0),
  numberPhases: z.number().int().min(1).max(3).optional(),
});
const schedule = z.object({
  scheduleStart: z.string().optional(),
  startSchedule: z.string().optional(),
  duration: z.number().int().optional(),
  chargingRateUnit: z.enum(['A', 'W']),
  chargingSchedulePeriod: z.array(period).max(1024),
});
const answer16 = z.object({
  status: z.string(),
  scheduleStart: z.string().optional(),
  chargingSchedule: schedule.optional(),
});
const answer201 = z.object({ status: z.string(), schedule: schedule.optional() });

export type CompositeScheduleView = {
  status: string;
  scheduleStart: Date | null;
  duration: number | null;
  unit: 'A' | 'W' | null;
  periods: z.output<typeof period>[];
};

export function compositeView(row: CompositeScheduleModel): CompositeScheduleView {
  return {
    status: row.status,
    scheduleStart: row.scheduleStart,
    duration: row.duration,
    unit: row.chargingRateUnit === 'A' || row.chargingRateUnit === 'W' ? row.chargingRateUnit : null,
    periods: z
      .array(period)
      .catch([])
      .parse(row.periods ?? []),
  };
}

export async function getCompositeSchedule({
  db,
  bus,
  scope,
  input,
  timeoutMs,
}: {
  db: Db;
  bus: Bus;
  scope: Scope;
  input: z.input<typeof getCompositeScheduleInput>;
  timeoutMs?: number;
}): Promise<CompositeScheduleView & { id: string; commandId: string }> {
  assertOperator(scope);
  const parsed = getCompositeScheduleInput.safeParse(input);
  if (!parsed.success) throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Invalid request');
  const i = parsed.data;
  const sdb = scopedDb(db, scope);
  const charger = await chargerInScope(sdb, i.chargerId);
  const v16 = versionOf(charger) === 'ocpp1.6';
  const unit = i.unit ? { chargingRateUnit: i.unit } : {};
  const payload = v16
    ? { connectorId: i.evseId, duration: i.duration, ...unit }
    : { evseId: i.evseId, duration: i.duration, ...unit };
  const command = await sendCommand({
    db,
    bus,
    tenantId: scope.tenantId,
    chargerId: charger.id,
    action: 'GetCompositeSchedule',
    payload,
    requestedById: scope.userId,
    timeoutMs,
  });
  const status = answeredStatus(command) ?? command.status;
  let s: z.output<typeof schedule> | undefined;
  if (command.status === 'RESPONDED') {
    if (v16) {
      const a = answer16.safeParse(command.response);
      s =
        a.success && a.data.chargingSchedule
          ? { ...a.data.chargingSchedule, scheduleStart: a.data.scheduleStart ?? a.data.chargingSchedule.startSchedule }
          : undefined;
    } else {
      const a = answer201.safeParse(command.response);
      s = a.success ? a.data.schedule : undefined;
    }
  }
  const start = s?.scheduleStart ? new Date(s.scheduleStart) : null;
  const row = await sdb.compositeSchedule.create({
    data: {
      tenantId: scope.tenantId,
      chargerId: charger.id,
      evseId: i.evseId,
      status,
      scheduleStart: start && !Number.isNaN(start.getTime()) ? start : null,
      duration: s?.duration ?? null,
      chargingRateUnit: s?.chargingRateUnit ?? null,
      periods: (s?.chargingSchedulePeriod ?? []) as Prisma.InputJsonArray,
      commandId: command.id,
    },
  });
  return { id: row.id, commandId: command.id, ...compositeView(row) };
}
