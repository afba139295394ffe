import { z } from 'zod';
import type { Bus } from '@magma/core/bus';
import type { Scope } from '@magma/core/tenancy';
import type { Db } from '@magma/db';
import {
  BASE_REPORTS,
  MONITORING_BASES,
  clearMonitorsInput,
  clearVariableMonitoring,
  customReportInput,
  getDeviceModel,
  monitoringReportInput,
  networkProfileInput,
  requestBaseReport,
  requestCustomReport,
  requestMonitoringReport,
  resetEvse,
  setMonitoringBase,
  setMonitoringLevel,
  setMonitorsInput,
  setNetworkProfile,
  setVariableMonitoring,
} from '@magma/core/device-model';
import { AppError } from '../core.ts';
import { rest } from '../openapi/meta.ts';
import { adminProcedure, createTRPCRouter, operatorProcedure, protectedProcedure } from '../trpc.ts';

// A 2.0.1 charger's device model (B) and monitoring (N), issue #20: the use cases in
// @magma/core/device-model. Vendor users read their own chargers' model; operators ask for reports,
// set monitors, reset an EVSE; a network profile is an operator admin's.

const reply = z.object({
  id: z.uuid(),
  action: z.string(),
  status: z.string(),
  response: z.unknown(),
  error: z.string().nullable(),
});
const answered = z.object({ reply, answer: z.string() });
const reportRequest = z.object({
  reports: z.array(
    z.object({ id: z.uuid(), requestId: z.number().int(), status: z.string(), answer: z.string().nullable() }),
  ),
  reply,
});
const attribute = z.object({
  type: z.string(),
  value: z.string().nullable(),
  mutability: z.string(),
  persistent: z.boolean(),
  constant: z.boolean(),
});
const characteristics = z.object({
  unit: z.string().nullable(),
  dataType: z.string(),
  minLimit: z.number().nullable(),
  maxLimit: z.number().nullable(),
  valuesList: z.string().nullable(),
  supportsMonitoring: z.boolean(),
});
const diff = z.object({
  added: z.number().int(),
  removed: z.number().int(),
  changed: z.number().int(),
  entries: z.array(
    z.object({
      key: z.string(),
      change: z.enum(['added', 'removed', 'changed']),
      before: z.string().nullable().optional(),
      after: z.string().nullable().optional(),
    }),
  ),
  previousFullReportId: z.string().nullable().optional(),
});
const deviceModelOutput = z.object({
  chargerId: z.uuid(),
  protocol: z.enum(['OCPP16', 'OCPP201']),
  filter: z.string(),
  total: z.number().int(),
  variables: z.array(
    z.object({
      key: z.string(),
      component: z.string(),
      componentInstance: z.string().nullable(),
      evseId: z.number().int().nullable(),
      connectorId: z.number().int().nullable(),
      variable: z.string(),
      variableInstance: z.string().nullable(),
      attributes: z.array(attribute),
      characteristics: characteristics.nullable(),
      updatedAt: z.date(),
    }),
  ),
  reports: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      requestId: z.number().int(),
      reportBase: z.string(),
      status: z.string(),
      answer: z.string().nullable(),
      partCount: z.number().int(),
      lastSeqNo: z.number().int().nullable(),
      itemCount: z.number().int(),
      diff: diff.nullable(),
      detail: z.string().nullable(),
      createdAt: z.date(),
      completedAt: z.date().nullable(),
    }),
  ),
  monitors: z.array(
    z.object({
      monitorId: z.number().int(),
      key: z.string(),
      type: z.string(),
      value: z.string(),
      severity: z.number().int(),
      transaction: z.boolean(),
      source: z.string(),
      updatedAt: z.date(),
    }),
  ),
  events: z.array(
    z.object({
      id: z.string(),
      eventId: z.number().int(),
      timestamp: z.date(),
      trigger: z.string(),
      key: z.string(),
      actualValue: z.string(),
      cleared: z.boolean().nullable(),
      techCode: z.string().nullable(),
      techInfo: z.string().nullable(),
      notificationType: z.string(),
      variableMonitoringId: z.number().int().nullable(),
      monitor: z.object({ type: z.string(), value: z.string(), severity: z.number().int() }).nullable(),
      severity: z.number().int().nullable(),
      faultId: z.string().nullable(),
    }),
  ),
  monitoringBase: z.object({ value: z.string(), at: z.date().nullable() }).nullable(),
  monitoringLevel: z.object({ value: z.number().int(), at: z.date().nullable() }).nullable(),
});

type Ctx = { db: Db; scope: Scope; services: { bus?: Bus; commandTimeoutMs?: number } };
function deps(ctx: Ctx) {
  const bus = ctx.services.bus;
  if (!bus) throw new AppError('UPSTREAM', 'Charger commands are unavailable: this server has no message bus');
  return { db: ctx.db, bus, scope: ctx.scope, timeoutMs: ctx.services.commandTimeoutMs };
}

export const deviceModelRouter = createTRPCRouter({
  get: protectedProcedure
    .meta(
      rest('GET', '/chargers/{chargerId}/device-model', 'chargers', {
        summary:
          "A 2.0.1 charger's stored device model: variables (filtered by key), reports with their diff, monitors, events",
      }),
    )
    .input(
      z.object({
        chargerId: z.uuid(),
        filter: z.string().trim().max(100).default(''),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
        offset: z.coerce.number().int().min(0).max(100_000).default(0),
      }),
    )
    .output(deviceModelOutput)
    .query(({ ctx, input }) => getDeviceModel({ db: ctx.db, scope: ctx.scope, input })),
  requestBaseReport: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/device-model/base-reports', 'chargers', {
        summary:
          'GetBaseReport: ConfigurationInventory, FullInventory or SummaryInventory; the parts follow as NotifyReport',
      }),
    )
    .input(z.object({ chargerId: z.uuid(), reportBase: z.enum(BASE_REPORTS) }))
    .output(reportRequest)
    .mutation(({ ctx, input }) => requestBaseReport(deps(ctx), input)),
  requestReport: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/device-model/reports', 'chargers', {
        summary:
          "GetReport by component criteria and/or component variables (Component[i]@evse.connector[/Variable[i]]), split to the charger's ItemsPerMessage",
      }),
    )
    .input(customReportInput)
    .output(reportRequest)
    .mutation(({ ctx, input }) => requestCustomReport(deps(ctx), input)),
  setNetworkProfile: adminProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/network-profiles', 'chargers', {
        summary: 'SetNetworkProfile: a connection profile into one of the charger’s configuration slots',
      }),
    )
    .input(networkProfileInput)
    .output(answered)
    .mutation(({ ctx, input }) => setNetworkProfile(deps(ctx), input)),
  resetEvse: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/evses/{evseId}/reset', 'chargers', {
        summary: 'Reset one EVSE (2.0.1 Reset with evseId): Immediate, or OnIdle once its transaction ended',
      }),
    )
    .input(
      z.object({
        chargerId: z.uuid(),
        evseId: z.coerce.number().int().min(1),
        type: z.enum(['Immediate', 'OnIdle']).default('OnIdle'),
      }),
    )
    .output(answered)
    .mutation(({ ctx, input }) => resetEvse(deps(ctx), input)),
  setMonitors: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/monitors', 'chargers', {
        summary: 'SetVariableMonitoring: threshold, delta or periodic monitors on component variables',
      }),
    )
    .input(setMonitorsInput)
    .output(
      z.object({
        reply,
        results: z.array(z.object({ key: z.string(), status: z.string(), id: z.number().int().nullable() })),
      }),
    )
    .mutation(({ ctx, input }) => setVariableMonitoring(deps(ctx), input)),
  clearMonitors: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/monitors/clear', 'chargers', {
        summary: 'ClearVariableMonitoring: remove monitors by id',
      }),
    )
    .input(clearMonitorsInput)
    .output(z.object({ reply, results: z.array(z.object({ id: z.number().int(), status: z.string() })) }))
    .mutation(({ ctx, input }) => clearVariableMonitoring(deps(ctx), input)),
  requestMonitoringReport: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/monitoring-reports', 'chargers', {
        summary: 'GetMonitoringReport: the monitors the charger holds (by criteria and/or component variables)',
      }),
    )
    .input(monitoringReportInput)
    .output(reportRequest)
    .mutation(({ ctx, input }) => requestMonitoringReport(deps(ctx), input)),
  setMonitoringBase: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/monitoring-base', 'chargers', {
        summary: 'SetMonitoringBase: All, FactoryDefault or HardWiredOnly',
      }),
    )
    .input(z.object({ chargerId: z.uuid(), monitoringBase: z.enum(MONITORING_BASES) }))
    .output(answered)
    .mutation(({ ctx, input }) => setMonitoringBase(deps(ctx), input)),
  setMonitoringLevel: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/monitoring-level', 'chargers', {
        summary: 'SetMonitoringLevel: the charger reports events of this severity (0 Danger … 9 Debug) and more severe',
      }),
    )
    .input(z.object({ chargerId: z.uuid(), severity: z.number().int().min(0).max(9) }))
    .output(answered)
    .mutation(({ ctx, input }) => setMonitoringLevel(deps(ctx), input)),
});
