import type { Db, Prisma } from '@magma/db';
import type { LiveEvent, LiveEventSink } from '../bus/live-events.ts';
import { chargerFaultEvent } from '../charging/fault-event.ts';
import type { ChargerRef } from '../charging/types.ts';
import { enqueueEvent } from '../events/index.ts';
import { placeOf } from './report-items.ts';

// NotifyEvent (2.0.1 N07, N08): every event is kept with the component variable it is about and,
// when a monitor fired it, that monitor. An alert (trigger Alerting, or a Problem variable turning
// true) opens a fault of kind EVENT that the operator sees with the charger's other faults, one
// per component variable while it is open; the event that clears it (cleared true, or Problem
// false) ends it.

type Json = Record<string, unknown>;

export const MAX_EVENTS_PER_MESSAGE = 500;
const SEVERITY_NAMES = [
  'Danger',
  'Hardware Failure',
  'System Failure',
  'Critical',
  'Error',
  'Alert',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
];

const str = (v: unknown, max = 500): string | null => (typeof v === 'string' ? v.slice(0, max) : null);

/** Whether an event raises an alert, clears one, or is information only. */
export function alertOf(e: { trigger: string; cleared: boolean | null; variable: string; actualValue: string }) {
  if (e.variable === 'Problem') return e.actualValue.toLowerCase() === 'true' ? 'raise' : 'clear';
  if (e.cleared === true) return 'clear';
  return e.trigger === 'Alerting' ? 'raise' : 'none';
}

export function faultCodeOf(key: string): string {
  return `Alert ${key}`.slice(0, 100);
}

export async function recordDeviceEvents({
  db,
  charger,
  payload,
  events,
  now = new Date(),
}: {
  db: Db;
  charger: ChargerRef;
  payload: Json;
  events?: LiveEventSink;
  now?: Date;
}): Promise<{ stored: number; opened: number; closed: number }> {
  const data = (Array.isArray(payload.eventData) ? (payload.eventData as Json[]) : []).slice(0, MAX_EVENTS_PER_MESSAGE);
  const monitorIds = data.map((e) => e.variableMonitoringId).filter((id): id is number => Number.isInteger(id));
  const [monitors, owner] = await Promise.all([
    monitorIds.length
      ? db.deviceMonitor.findMany({ where: { chargerId: charger.chargerId, monitorId: { in: monitorIds } } })
      : [],
    db.charger.findUnique({ where: { id: charger.chargerId }, select: { vendorId: true } }),
  ]);
  const byId = new Map(monitors.map((m) => [m.monitorId, m]));
  const live: LiveEvent[] = [];
  let opened = 0;
  let closed = 0;
  await db.$transaction(async (tx) => {
    for (const e of data) {
      const place = placeOf(e.component, e.variable);
      const monitorId = Number.isInteger(e.variableMonitoringId) ? (e.variableMonitoringId as number) : null;
      const monitor = monitorId !== null ? byId.get(monitorId) : undefined;
      const ts = new Date(String(e.timestamp));
      const row = {
        eventId: Number(e.eventId),
        timestamp: Number.isNaN(ts.getTime()) ? now : ts,
        trigger: String(e.trigger),
        cause: Number.isInteger(e.cause) ? (e.cause as number) : null,
        actualValue: str(e.actualValue, 2500) ?? '',
        techCode: str(e.techCode, 50),
        techInfo: str(e.techInfo, 500),
        cleared: typeof e.cleared === 'boolean' ? e.cleared : null,
        transactionId: str(e.transactionId, 36),
        variableMonitoringId: monitorId,
        notificationType: String(e.eventNotificationType),
        severity: monitor?.severity ?? null,
      };
      const alert = alertOf({ ...row, variable: place.variable });
      const code = faultCodeOf(place.key);
      let faultId: string | null = null;
      if (alert === 'raise') {
        const open = await tx.fault.findFirst({
          where: { chargerId: charger.chargerId, kind: 'EVENT', code, endedAt: null },
          select: { id: true },
        });
        if (open) faultId = open.id;
        else {
          const what = monitor
            ? `Monitor ${monitor.monitorId} (${monitor.type} ${monitor.value}, severity ${monitor.severity} ${SEVERITY_NAMES[monitor.severity] ?? ''})`
            : monitorId !== null
              ? `Monitor ${monitorId}`
              : row.notificationType;
          const description = `${what} on ${place.key}: ${row.actualValue}${row.techCode ? ` [${row.techCode}]` : ''}${
            row.techInfo ? ` ${row.techInfo}` : ''
          }`.slice(0, 1000);
          const fault = await tx.fault.create({
            data: {
              ...charger,
              vendorId: owner?.vendorId ?? null,
              evseId: place.evseId,
              connectorId: place.connectorId,
              kind: 'EVENT',
              code,
              description,
              severity: Math.min(9, Math.max(0, monitor?.severity ?? 4)),
              startedAt: row.timestamp,
            },
          });
          await enqueueEvent(tx, chargerFaultEvent({ ...charger, fault }));
          faultId = fault.id;
          opened++;
          live.push({
            type: 'fault.opened',
            ...charger,
            faultId,
            kind: 'EVENT',
            code,
            evseId: place.evseId,
            at: now.toISOString(),
          });
        }
      } else if (alert === 'clear') {
        const ended = await tx.fault.updateManyAndReturn({
          where: { chargerId: charger.chargerId, kind: 'EVENT', code, endedAt: null },
          data: { endedAt: row.timestamp },
        });
        for (const f of ended) {
          faultId = f.id;
          closed++;
          live.push({
            type: 'fault.closed',
            ...charger,
            faultId: f.id,
            kind: 'EVENT',
            code,
            evseId: f.evseId,
            at: now.toISOString(),
          });
        }
      }
      await tx.deviceEvent.create({
        data: { ...charger, ...place, ...row, faultId } satisfies Prisma.DeviceEventUncheckedCreateInput,
      });
    }
  });
  for (const l of live) events?.(l);
  return { stored: data.length, opened, closed };
}
