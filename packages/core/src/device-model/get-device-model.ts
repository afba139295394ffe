import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import type { Scope } from '../tenancy/scope.ts';
import { findCharger } from './charger-call.ts';
import { expireDeviceReports } from './expire-reports.ts';
import type { InventoryAttribute, InventoryCharacteristics, InventoryDiff } from './report-items.ts';

// A charger's stored device model as the dashboard and the API read it: the inventory (filtered
// by a part of the key), the reports with their state and diff, the monitors it holds, the events
// it sent and the monitoring base and level it last accepted. Vendor users read their own chargers'
// (the charger is found through the scope; the rows are read by it).

export const deviceModelInput = z.object({
  chargerId: z.uuid(),
  /** A part of Component[instance]@evse.connector/Variable[instance], any case. */
  filter: z.string().trim().max(100).default(''),
  limit: z.number().int().min(1).max(1000).default(200),
  offset: z.number().int().min(0).max(100_000).default(0),
});

export type DeviceModel = Awaited<ReturnType<typeof getDeviceModel>>;

async function lastAccepted(db: Db, chargerId: string, action: string) {
  const row = await db.chargerCommand.findFirst({
    where: { chargerId, action, status: 'RESPONDED', response: { path: ['status'], equals: 'Accepted' } },
    orderBy: { requestedAt: 'desc' },
    select: { payload: true, respondedAt: true },
  });
  return row ? { payload: row.payload as Record<string, unknown>, at: row.respondedAt } : null;
}

export async function getDeviceModel({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof deviceModelInput>;
}) {
  const { chargerId, filter, limit, offset } = deviceModelInput.parse(input);
  const charger = await findCharger(db, scope, chargerId, { need201: false });
  await expireDeviceReports({ db, chargerId: charger.id });
  const where: Prisma.DeviceVariableWhereInput = {
    chargerId: charger.id,
    tenantId: scope.tenantId,
    ...(filter ? { key: { contains: filter, mode: 'insensitive' } } : {}),
  };
  const [variables, total, reports, monitors, events, base, level] = await Promise.all([
    db.deviceVariable.findMany({
      where,
      orderBy: [{ component: 'asc' }, { evseId: 'asc' }, { connectorId: 'asc' }, { key: 'asc' }],
      take: limit,
      skip: offset,
    }),
    db.deviceVariable.count({ where }),
    db.deviceReport.findMany({
      where: { chargerId: charger.id, tenantId: scope.tenantId },
      orderBy: [{ createdAt: 'desc' }, { requestId: 'desc' }],
      take: 20,
    }),
    db.deviceMonitor.findMany({
      where: { chargerId: charger.id, tenantId: scope.tenantId },
      orderBy: [{ key: 'asc' }, { monitorId: 'asc' }],
      take: 500,
    }),
    db.deviceEvent.findMany({
      where: { chargerId: charger.id, tenantId: scope.tenantId },
      orderBy: [{ timestamp: 'desc' }, { id: 'desc' }],
      take: 50,
    }),
    lastAccepted(db, charger.id, 'SetMonitoringBase'),
    lastAccepted(db, charger.id, 'SetMonitoringLevel'),
  ]);
  return {
    chargerId: charger.id,
    protocol: charger.protocol,
    filter,
    total,
    variables: variables.map((v) => ({
      key: v.key,
      component: v.component,
      componentInstance: v.componentInstance,
      evseId: v.evseId,
      connectorId: v.connectorId,
      variable: v.variable,
      variableInstance: v.variableInstance,
      attributes: v.attributes as InventoryAttribute[],
      characteristics: (v.characteristics ?? null) as InventoryCharacteristics | null,
      updatedAt: v.updatedAt,
    })),
    reports: reports.map((r) => ({
      id: r.id,
      kind: r.kind,
      requestId: r.requestId,
      reportBase: r.reportBase,
      status: r.status,
      answer: r.answer,
      partCount: r.partCount,
      lastSeqNo: r.lastSeqNo,
      itemCount: r.itemCount,
      diff: (r.diff ?? null) as InventoryDiff | null,
      detail: r.detail,
      createdAt: r.createdAt,
      completedAt: r.completedAt,
    })),
    monitors: monitors.map((m) => ({
      monitorId: m.monitorId,
      key: m.key,
      type: m.type,
      value: m.value,
      severity: m.severity,
      transaction: m.transaction,
      source: m.source,
      updatedAt: m.updatedAt,
    })),
    events: events.map((e) => {
      const monitor =
        e.variableMonitoringId !== null ? monitors.find((m) => m.monitorId === e.variableMonitoringId) : undefined;
      return {
        id: e.id.toString(),
        eventId: e.eventId,
        timestamp: e.timestamp,
        trigger: e.trigger,
        key: e.key,
        actualValue: e.actualValue,
        cleared: e.cleared,
        techCode: e.techCode,
        techInfo: e.techInfo,
        notificationType: e.notificationType,
        variableMonitoringId: e.variableMonitoringId,
        monitor: monitor ? { type: monitor.type, value: monitor.value, severity: monitor.severity } : null,
        severity: e.severity,
        faultId: e.faultId,
      };
    }),
    monitoringBase: base ? { value: String(base.payload.monitoringBase), at: base.at } : null,
    monitoringLevel: level ? { value: Number(level.payload.severity), at: level.at } : null,
  };
}
