import type { Db } from '@magma/db';
import { z } from 'zod';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import { limitInForce, type ChargingSchedule201 } from './ev-charging-needs.ts';
import { chargerInScope } from './stored-profiles.ts';

// The charger page's "EV and external limits" panel (issue #21): per EVSE, what the EV asked for
// (NotifyEVChargingNeeds), the schedule it proposed (NotifyEVChargingSchedule), the limits others
// set on the station (NotifyChargingLimit, until ClearedChargingLimit), and what this CSMS's load
// balancing last sent. The per-EVSE tables have no relation to the charger, so the charger is found
// through the scope first (a vendor user only finds its own) and they are read by its id. Cleared
// limits are gone from their table: their history is read back from the charger's message log.

export const getEvChargingStateInput = z.object({ chargerId: z.uuid() });

/** How many limit notifications and clearances the history goes back. */
export const LIMIT_HISTORY = 30;

export type EvNeedsView = {
  requestedEnergyTransfer: string;
  departureTime: Date | null;
  energyAmountWh: number | null;
  minCurrentA: number | null;
  maxCurrentA: number | null;
  maxVoltageV: number | null;
  /** DC only: the EV's maximum power (W) and its state of charge (%), where it gave them. */
  maxPowerW: number | null;
  stateOfChargePct: number | null;
  receivedAt: Date;
};

export type SchedulePeriodView = { startPeriod: number; limit: number; numberPhases?: number };

export type EvScheduleView = {
  timeBase: Date;
  startSchedule: Date | null;
  duration: number | null;
  unit: 'A' | 'W';
  minChargingRate: number | null;
  periods: SchedulePeriodView[];
  receivedAt: Date;
};

export type ExternalLimitView = {
  source: string;
  isGridCritical: boolean | null;
  limitA: number | null;
  limitW: number | null;
  /** The first schedule's unit and periods as received, when the station sent one. */
  unit: 'A' | 'W' | null;
  periods: SchedulePeriodView[];
  since: Date;
};

export type BalancingView = {
  circuitName: string;
  phases: number;
  minCurrentA: number;
  maxCurrentA: number;
  lastLimitA: number | null;
  lastLimitW: number | null;
  lastPhases: number | null;
  lastSentAt: Date | null;
};

export type LimitEventView = {
  kind: 'SET' | 'CLEARED';
  evseId: number;
  source: string;
  limitA: number | null;
  limitW: number | null;
  at: Date;
};

export type EvseEvState = {
  /** 0: the whole station (a limit given without an EVSE). */
  evseId: number;
  needs: EvNeedsView | null;
  schedule: EvScheduleView | null;
  limits: ExternalLimitView[];
  balancing: BalancingView | null;
  history: LimitEventView[];
};

export type EvChargingStateView = { evses: EvseEvState[] };

const numberOr = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const dateOr = (v: unknown): Date | null => {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};

function periodsOf(schedule: unknown): SchedulePeriodView[] {
  const list = obj(schedule).chargingSchedulePeriod;
  if (!Array.isArray(list)) return [];
  return list
    .map((p) => obj(p))
    .filter((p) => typeof p.startPeriod === 'number' && typeof p.limit === 'number')
    .map((p) => ({
      startPeriod: p.startPeriod as number,
      limit: p.limit as number,
      ...(typeof p.numberPhases === 'number' ? { numberPhases: p.numberPhases } : {}),
    }))
    .sort((a, b) => a.startPeriod - b.startPeriod);
}

const unitOf = (schedule: unknown): 'A' | 'W' | null => {
  const u = obj(schedule).chargingRateUnit;
  return u === 'A' || u === 'W' ? u : null;
};

function needsView(row: {
  requestedEnergyTransfer: string;
  departureTime: Date | null;
  energyAmountWh: number | null;
  evMinCurrentA: number | null;
  evMaxCurrentA: number | null;
  needs: unknown;
  receivedAt: Date;
}): EvNeedsView {
  const ac = obj(obj(row.needs).acChargingParameters);
  const dc = obj(obj(row.needs).dcChargingParameters);
  return {
    requestedEnergyTransfer: row.requestedEnergyTransfer,
    departureTime: row.departureTime,
    energyAmountWh: row.energyAmountWh,
    minCurrentA: row.evMinCurrentA,
    maxCurrentA: row.evMaxCurrentA ?? numberOr(dc.evMaxCurrent),
    maxVoltageV: numberOr(ac.evMaxVoltage) ?? numberOr(dc.evMaxVoltage),
    maxPowerW: numberOr(dc.evMaxPower),
    stateOfChargePct: numberOr(dc.stateOfCharge),
    receivedAt: row.receivedAt,
  };
}

/** A NotifyChargingLimit or ClearedChargingLimit of the message log as an event; null when cut or malformed. */
function limitEvent(m: { action: string; payload: unknown; receivedAt: Date }): LimitEventView | null {
  const p = obj(m.payload);
  const evseId = typeof p.evseId === 'number' ? p.evseId : 0;
  if (m.action === 'ClearedChargingLimit') {
    if (typeof p.chargingLimitSource !== 'string') return null;
    return { kind: 'CLEARED', evseId, source: p.chargingLimitSource, limitA: null, limitW: null, at: m.receivedAt };
  }
  const source = obj(p.chargingLimit).chargingLimitSource;
  if (typeof source !== 'string') return null;
  const schedules = Array.isArray(p.chargingSchedule) ? (p.chargingSchedule as ChargingSchedule201[]) : [];
  const valid = schedules.filter((s) => Array.isArray(obj(s).chargingSchedulePeriod));
  const { limitA, limitW } = limitInForce(valid, m.receivedAt, m.receivedAt);
  return { kind: 'SET', evseId, source, limitA, limitW, at: m.receivedAt };
}

export async function getEvChargingState({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof getEvChargingStateInput>;
}): Promise<EvChargingStateView> {
  const { chargerId } = getEvChargingStateInput.parse(input);
  const charger = await chargerInScope(scopedDb(db, scope), chargerId);
  const where = { tenantId: scope.tenantId, chargerId: charger.id };
  const [evses, needs, schedules, limits, balanced, messages] = await Promise.all([
    db.evse.findMany({ where, select: { evseId: true } }),
    db.evChargingNeeds.findMany({ where }),
    db.evChargingSchedule.findMany({ where }),
    db.externalChargingLimit.findMany({ where, orderBy: [{ receivedAt: 'desc' }] }),
    db.loadCircuitEvse.findMany({ where, include: { circuit: { select: { name: true } } } }),
    db.chargerMessage.findMany({
      where: { ...where, action: { in: ['NotifyChargingLimit', 'ClearedChargingLimit'] } },
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      take: LIMIT_HISTORY,
      select: { action: true, payload: true, receivedAt: true },
    }),
  ]);
  const history = messages.map(limitEvent).filter((e) => e !== null);
  const ids = new Set<number>([
    ...evses.map((e) => e.evseId),
    ...needs.map((n) => n.evseId),
    ...schedules.map((s) => s.evseId),
    ...limits.map((l) => l.evseId),
    ...balanced.map((b) => b.evseId),
    ...history.map((h) => h.evseId),
  ]);
  // The station as a whole has a row only when something was said about it.
  if (!limits.some((l) => l.evseId === 0) && !history.some((h) => h.evseId === 0)) ids.delete(0);
  return {
    evses: [...ids]
      .sort((a, b) => a - b)
      .map((evseId) => {
        const n = needs.find((x) => x.evseId === evseId);
        const s = schedules.find((x) => x.evseId === evseId);
        const b = balanced.find((x) => x.evseId === evseId);
        const sched = obj(s?.schedule);
        return {
          evseId,
          needs: n ? needsView(n) : null,
          schedule: s
            ? {
                timeBase: s.timeBase,
                startSchedule: dateOr(sched.startSchedule),
                duration: numberOr(sched.duration),
                unit: unitOf(sched) ?? 'W',
                minChargingRate: numberOr(sched.minChargingRate),
                periods: periodsOf(sched),
                receivedAt: s.receivedAt,
              }
            : null,
          limits: limits
            .filter((l) => l.evseId === evseId)
            .map((l) => {
              const first = Array.isArray(l.schedule) ? l.schedule[0] : null;
              return {
                source: l.chargingLimitSource,
                isGridCritical: l.isGridCritical,
                limitA: l.limitA,
                limitW: l.limitW,
                unit: unitOf(first),
                periods: periodsOf(first),
                since: l.receivedAt,
              };
            }),
          balancing: b
            ? {
                circuitName: b.circuit.name,
                phases: b.phases,
                minCurrentA: b.minCurrentA,
                maxCurrentA: b.maxCurrentA,
                lastLimitA: b.lastLimitA,
                lastLimitW: b.lastLimitW,
                lastPhases: b.lastPhases,
                lastSentAt: b.lastSentAt,
              }
            : null,
          history: history.filter((h) => h.evseId === evseId),
        };
      }),
  };
}
