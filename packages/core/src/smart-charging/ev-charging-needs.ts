import type { Db, Prisma } from '@magma/db';
import type { ChargerRef } from '../charging/types.ts';
import { recordChargerMessage } from '../charging/record-charger-message.ts';

// 2.0.1 functional block K, the messages a station sends about limits and EVs (K12, K13, K15–K17).
// Each is kept verbatim in the charger's message log and its content per EVSE in its own table,
// where load balancing reads it: the EV's AC current range (NotifyEVChargingNeeds) narrows what an
// EVSE is given, and a limit set by something other than this CSMS (NotifyChargingLimit) caps it
// until ClearedChargingLimit. The relay has validated each payload against its schema.

type Json = Prisma.InputJsonObject;

export type ChargingSchedulePeriod201 = { startPeriod: number; limit: number; numberPhases?: number };
export type ChargingSchedule201 = {
  id: number;
  startSchedule?: string;
  duration?: number;
  chargingRateUnit: 'A' | 'W';
  chargingSchedulePeriod: ChargingSchedulePeriod201[];
  minChargingRate?: number;
};

export type NotifyEVChargingNeedsPayload = {
  evseId: number;
  maxScheduleTuples?: number;
  chargingNeeds: {
    requestedEnergyTransfer: string;
    departureTime?: string;
    acChargingParameters?: { energyAmount: number; evMinCurrent: number; evMaxCurrent: number; evMaxVoltage: number };
    dcChargingParameters?: { evMaxCurrent: number; evMaxVoltage: number; energyAmount?: number };
  };
};

export type NotifyEVChargingSchedulePayload = {
  timeBase: string;
  evseId: number;
  chargingSchedule: ChargingSchedule201;
};

export type NotifyChargingLimitPayload = {
  evseId?: number;
  chargingLimit: { chargingLimitSource: string; isGridCritical?: boolean };
  chargingSchedule?: ChargingSchedule201[];
};

export type ClearedChargingLimitPayload = { chargingLimitSource: string; evseId?: number };

const date = (s: string | undefined) => {
  if (s === undefined) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** Stores the EV's needs; tells whether the EVSE is load balanced and its session already known. */
export async function recordEvChargingNeeds({
  db,
  charger,
  payload,
  now = new Date(),
}: {
  db: Db;
  charger: ChargerRef;
  payload: NotifyEVChargingNeedsPayload;
  now?: Date;
}): Promise<{ balanced: boolean; sessionRunning: boolean }> {
  const n = payload.chargingNeeds;
  const data = {
    requestedEnergyTransfer: n.requestedEnergyTransfer,
    departureTime: date(n.departureTime),
    maxScheduleTuples: payload.maxScheduleTuples ?? null,
    evMinCurrentA: n.acChargingParameters?.evMinCurrent ?? null,
    evMaxCurrentA: n.acChargingParameters?.evMaxCurrent ?? null,
    energyAmountWh: n.acChargingParameters?.energyAmount ?? n.dcChargingParameters?.energyAmount ?? null,
    needs: n as unknown as Json,
    receivedAt: now,
  };
  await recordChargerMessage({ db, charger, action: 'NotifyEVChargingNeeds', payload: payload as unknown as Json });
  await db.evChargingNeeds.upsert({
    where: { chargerId_evseId: { chargerId: charger.chargerId, evseId: payload.evseId } },
    create: { ...charger, evseId: payload.evseId, ...data },
    update: data,
  });
  const where = { tenantId: charger.tenantId, chargerId: charger.chargerId, evseId: payload.evseId };
  const [balanced, running] = await Promise.all([
    db.loadCircuitEvse.count({ where }),
    db.transaction.count({ where: { ...where, status: 'ACTIVE' } }),
  ]);
  return { balanced: balanced > 0, sessionRunning: running > 0 };
}

export async function recordEvChargingSchedule({
  db,
  charger,
  payload,
  now = new Date(),
}: {
  db: Db;
  charger: ChargerRef;
  payload: NotifyEVChargingSchedulePayload;
  now?: Date;
}): Promise<void> {
  const data = {
    timeBase: date(payload.timeBase) ?? now,
    schedule: payload.chargingSchedule as unknown as Json,
    receivedAt: now,
  };
  await recordChargerMessage({ db, charger, action: 'NotifyEVChargingSchedule', payload: payload as unknown as Json });
  await db.evChargingSchedule.upsert({
    where: { chargerId_evseId: { chargerId: charger.chargerId, evseId: payload.evseId } },
    create: { ...charger, evseId: payload.evseId, ...data },
    update: data,
  });
}

/** The period of a schedule in force at `at` (its start: startSchedule, else when it was received). */
export function limitInForce(
  schedules: readonly ChargingSchedule201[],
  at: Date,
  receivedAt: Date,
): { limitA: number | null; limitW: number | null } {
  let limitA: number | null = null;
  let limitW: number | null = null;
  for (const s of schedules) {
    const start = date(s.startSchedule) ?? receivedAt;
    const elapsed = (at.getTime() - start.getTime()) / 1000;
    if (elapsed < 0 || (s.duration !== undefined && elapsed >= s.duration)) continue;
    let period: ChargingSchedulePeriod201 | undefined;
    for (const p of s.chargingSchedulePeriod)
      if (p.startPeriod <= elapsed && (!period || p.startPeriod >= period.startPeriod)) period = p;
    if (!period) continue;
    if (s.chargingRateUnit === 'A') limitA = limitA === null ? period.limit : Math.min(limitA, period.limit);
    else limitW = Math.floor(limitW === null ? period.limit : Math.min(limitW, period.limit));
  }
  return { limitA, limitW };
}

/** K12: a limit set by an EMS, the grid operator or another party; replaces that source's previous one. */
export async function recordChargingLimit({
  db,
  charger,
  payload,
  now = new Date(),
}: {
  db: Db;
  charger: ChargerRef;
  payload: NotifyChargingLimitPayload;
  now?: Date;
}): Promise<{ evseId: number; limitA: number | null; limitW: number | null }> {
  const evseId = payload.evseId ?? 0;
  const schedules = payload.chargingSchedule ?? [];
  const { limitA, limitW } = limitInForce(schedules, now, now);
  const data = {
    isGridCritical: payload.chargingLimit.isGridCritical ?? null,
    limitA,
    limitW,
    schedule: payload.chargingSchedule ? (payload.chargingSchedule as unknown as Prisma.InputJsonArray) : undefined,
    receivedAt: now,
  };
  await recordChargerMessage({ db, charger, action: 'NotifyChargingLimit', payload: payload as unknown as Json });
  await db.externalChargingLimit.upsert({
    where: {
      chargerId_evseId_chargingLimitSource: {
        chargerId: charger.chargerId,
        evseId,
        chargingLimitSource: payload.chargingLimit.chargingLimitSource,
      },
    },
    create: { ...charger, evseId, chargingLimitSource: payload.chargingLimit.chargingLimitSource, ...data },
    update: { ...data, schedule: data.schedule ?? (null as unknown as Prisma.InputJsonArray) },
  });
  return { evseId, limitA, limitW };
}

/** K13: the source's limit on one EVSE (or on the station, evseId 0, when none is given) is gone. */
export async function clearChargingLimit({
  db,
  charger,
  payload,
}: {
  db: Db;
  charger: ChargerRef;
  payload: ClearedChargingLimitPayload;
}): Promise<{ cleared: number }> {
  await recordChargerMessage({ db, charger, action: 'ClearedChargingLimit', payload: payload as unknown as Json });
  const r = await db.externalChargingLimit.deleteMany({
    where: {
      tenantId: charger.tenantId,
      chargerId: charger.chargerId,
      chargingLimitSource: payload.chargingLimitSource,
      evseId: payload.evseId ?? 0,
    },
  });
  return { cleared: r.count };
}

/** The external limits and EV needs of a charger, for its page. */
export async function listChargerLimits({ db, tenantId, chargerId }: { db: Db; tenantId: string; chargerId: string }) {
  const [limits, needs] = await Promise.all([
    db.externalChargingLimit.findMany({
      where: { tenantId, chargerId },
      orderBy: [{ evseId: 'asc' }, { chargingLimitSource: 'asc' }],
    }),
    db.evChargingNeeds.findMany({ where: { tenantId, chargerId }, orderBy: { evseId: 'asc' } }),
  ]);
  return { limits, needs };
}
