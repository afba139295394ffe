import { Prisma, type Db } from '@magma/db';
import { z } from 'zod';
import { splitCall } from '../commands/split-call.ts';
import { readCallLimits } from '../commands/variable-limits.ts';
import { parseVariableKey } from '../commands/variable-key.ts';
import { AppError } from '../errors/app-error.ts';
import { assertOperator } from '../tenancy/scope.ts';
import { answerOf, callCharger, findCharger, replyOf, type CallDeps, type CommandReply } from './charger-call.ts';
import type { ReportKind } from './receive-report.ts';

// The operator asks a charger for its device model or its monitors (2.0.1 B07 GetBaseReport, B08
// GetReport, N02 GetMonitoringReport). Each request gets a requestId of its own on this charger and
// a DeviceReport row before it is sent, so the parts that follow are put together by requestId. A
// GetReport naming more component variables than the charger takes in one message is sent in
// parts (split-call.ts, requestId + n each): one report row per part.

export const BASE_REPORTS = ['ConfigurationInventory', 'FullInventory', 'SummaryInventory'] as const;
export const COMPONENT_CRITERIA = ['Active', 'Available', 'Enabled', 'Problem'] as const;
export const MONITORING_CRITERIA = ['ThresholdMonitoring', 'DeltaMonitoring', 'PeriodicMonitoring'] as const;

/** Component[instance]@evse.connector or Component[instance]@evse.connector/Variable[instance]. */
const componentVariableKey = z.string().trim().min(1).max(200);

export const customReportInput = z.object({
  chargerId: z.uuid(),
  componentCriteria: z.array(z.enum(COMPONENT_CRITERIA)).max(4).default([]),
  /** Keys as the operator types them; a key without /Variable names the whole component. */
  componentVariables: z.array(componentVariableKey).max(1000).default([]),
});

export const monitoringReportInput = z.object({
  chargerId: z.uuid(),
  monitoringCriteria: z.array(z.enum(MONITORING_CRITERIA)).max(3).default([]),
  componentVariables: z.array(componentVariableKey).max(1000).default([]),
});

/** A GetReport/GetMonitoringReport componentVariable: a component alone, or with its variable. */
export function componentVariableOf(key: string): Record<string, unknown> {
  if (key.includes('/')) {
    const cv = parseVariableKey(key);
    return { component: cv.component, variable: cv.variable };
  }
  // A component alone: the same syntax with a placeholder variable, then the variable dropped.
  const { component } = parseVariableKey(`${key}/x`);
  return { component };
}

export type ReportRequest = {
  reports: { id: string; requestId: number; status: string; answer: string | null }[];
  reply: CommandReply;
};

/** requestIds above any this charger was given, reserved under a per-charger lock with their rows. */
async function reserveReports(
  db: Db,
  {
    tenantId,
    chargerId,
    kind,
    reportBase,
    count,
    requestedById,
  }: {
    tenantId: string;
    chargerId: string;
    kind: ReportKind;
    reportBase: string;
    count: number;
    requestedById: string | null;
  },
) {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(hashtext(${`device-report:${chargerId}`}))`);
    const [top] = await tx.$queryRaw<{ max: number | null }[]>(Prisma.sql`
      SELECT MAX("requestId")::int AS max FROM "DeviceReport" WHERE "chargerId" = ${chargerId}::uuid`);
    const first = (top?.max ?? 0) + 1;
    const rows = [];
    for (let n = 0; n < count; n++)
      rows.push(
        await tx.deviceReport.create({
          data: { tenantId, chargerId, kind, requestId: first + n, reportBase, requestedById },
        }),
      );
    return rows;
  });
}

/** Records the charger's answer per report row; a part not Accepted gets no NotifyReport. */
async function settleAnswers(
  db: Db,
  rows: { id: string }[],
  command: Parameters<typeof answerOf>[0] & { id: string; response: unknown },
) {
  const response = (command.response ?? {}) as { parts?: { status?: string }[] };
  const out = [];
  for (const [n, row] of rows.entries()) {
    const part = rows.length > 1 ? response.parts?.[n] : undefined;
    const answer =
      command.status !== 'RESPONDED'
        ? command.status
        : rows.length > 1
          ? (part?.status ?? 'NOT_SENT')
          : answerOf(command);
    const status = answer === 'Accepted' ? null : answer === 'EmptyResultSet' ? 'EMPTY' : 'REFUSED';
    await db.deviceReport.update({ where: { id: row.id }, data: { answer, commandId: command.id } });
    // A part may have arrived before the answer was stored: only a row still waiting moves.
    if (status)
      await db.deviceReport.updateMany({
        where: { id: row.id, status: 'REQUESTED' },
        data: { status, completedAt: new Date() },
      });
    out.push(await db.deviceReport.findUniqueOrThrow({ where: { id: row.id } }));
  }
  return out.map((r) => ({ id: r.id, requestId: r.requestId, status: r.status, answer: r.answer }));
}

export async function requestBaseReport(
  deps: CallDeps,
  input: { chargerId: string; reportBase: (typeof BASE_REPORTS)[number] },
): Promise<ReportRequest> {
  assertOperator(deps.scope);
  const { chargerId, reportBase } = z.object({ chargerId: z.uuid(), reportBase: z.enum(BASE_REPORTS) }).parse(input);
  const charger = await findCharger(deps.db, deps.scope, chargerId);
  const [row] = await reserveReports(deps.db, {
    tenantId: deps.scope.tenantId,
    chargerId: charger.id,
    kind: 'INVENTORY',
    reportBase,
    count: 1,
    requestedById: deps.scope.userId,
  });
  const command = await callCharger(deps, charger.id, 'GetBaseReport', { requestId: row!.requestId, reportBase });
  return { reports: await settleAnswers(deps.db, [row!], command), reply: replyOf(command) };
}

export async function requestCustomReport(
  deps: CallDeps,
  input: z.input<typeof customReportInput>,
): Promise<ReportRequest> {
  assertOperator(deps.scope);
  const { chargerId, componentCriteria, componentVariables } = customReportInput.parse(input);
  if (!componentCriteria.length && !componentVariables.length)
    throw new AppError('BAD_INPUT', 'Name component criteria or component variables (or ask for a base report)');
  const charger = await findCharger(deps.db, deps.scope, chargerId);
  const componentVariable = componentVariables.map(componentVariableOf);
  const payload: Record<string, unknown> = {
    requestId: 0,
    ...(componentCriteria.length ? { componentCriteria } : {}),
    ...(componentVariable.length ? { componentVariable } : {}),
  };
  // The relay splits with the same limits; the rows are made for the parts it will send.
  const limits = (await readCallLimits({ db: deps.db, chargerId: charger.id })).GetReport;
  const count = splitCall('GetReport', payload, limits).length;
  const rows = await reserveReports(deps.db, {
    tenantId: deps.scope.tenantId,
    chargerId: charger.id,
    kind: 'INVENTORY',
    reportBase: 'Custom',
    count,
    requestedById: deps.scope.userId,
  });
  const command = await callCharger(deps, charger.id, 'GetReport', { ...payload, requestId: rows[0]!.requestId });
  return { reports: await settleAnswers(deps.db, rows, command), reply: replyOf(command) };
}

export async function requestMonitoringReport(
  deps: CallDeps,
  input: z.input<typeof monitoringReportInput>,
): Promise<ReportRequest> {
  assertOperator(deps.scope);
  const { chargerId, monitoringCriteria, componentVariables } = monitoringReportInput.parse(input);
  const charger = await findCharger(deps.db, deps.scope, chargerId);
  const componentVariable = componentVariables.map(componentVariableOf);
  // Without criteria the charger reports every monitor it holds: the stored list is replaced.
  const filtered = monitoringCriteria.length > 0 || componentVariable.length > 0;
  const [row] = await reserveReports(deps.db, {
    tenantId: deps.scope.tenantId,
    chargerId: charger.id,
    kind: 'MONITORING',
    reportBase: filtered ? 'MonitoringFiltered' : 'Monitoring',
    count: 1,
    requestedById: deps.scope.userId,
  });
  const command = await callCharger(deps, charger.id, 'GetMonitoringReport', {
    requestId: row!.requestId,
    ...(monitoringCriteria.length ? { monitoringCriteria } : {}),
    ...(componentVariable.length ? { componentVariable } : {}),
  });
  return { reports: await settleAnswers(deps.db, [row!], command), reply: replyOf(command) };
}
