import { z } from 'zod';
import { parseVariableKey } from '../commands/variable-key.ts';
import { AppError } from '../errors/app-error.ts';
import { assertOperator } from '../tenancy/scope.ts';
import { answerOf, callCharger, findCharger, replyOf, type CallDeps, type CommandReply } from './charger-call.ts';
import { applyMonitors } from './receive-report.ts';
import { placeOf, type MonitorItem } from './report-items.ts';

// Variable monitoring (2.0.1 N04 SetVariableMonitoring, N05 SetMonitoringLevel, N03
// SetMonitoringBase, N06 ClearVariableMonitoring). A monitor the charger accepts is stored with the
// id it gave; one it clears (or no longer knows) is dropped.

export const MONITOR_TYPES = ['UpperThreshold', 'LowerThreshold', 'Delta', 'Periodic', 'PeriodicClockAligned'] as const;
export const MONITORING_BASES = ['All', 'FactoryDefault', 'HardWiredOnly'] as const;

export const setMonitorsInput = z.object({
  chargerId: z.uuid(),
  monitors: z
    .array(
      z
        .object({
          /** Component[instance]@evse.connector/Variable[instance]. */
          key: z.string().trim().min(3).max(200),
          type: z.enum(MONITOR_TYPES),
          /** Threshold, delta, or seconds for the periodic types. */
          value: z.number().finite().min(-1e12).max(1e12),
          severity: z.number().int().min(0).max(9),
          transaction: z.boolean().default(false),
          /** The id of a monitor to replace. */
          id: z.number().int().min(0).max(2_147_483_647).optional(),
        })
        .superRefine((m, ctx) => {
          if (
            (m.type === 'Periodic' || m.type === 'PeriodicClockAligned') &&
            !(m.value > 0 && Number.isInteger(m.value))
          )
            ctx.addIssue({
              code: 'custom',
              path: ['value'],
              message: 'A periodic monitor reports every n seconds (n > 0)',
            });
          if (m.type === 'Delta' && !(m.value > 0))
            ctx.addIssue({ code: 'custom', path: ['value'], message: 'A delta monitor needs a positive delta' });
        }),
    )
    .min(1)
    .max(100),
});

export async function setVariableMonitoring(
  deps: CallDeps,
  input: z.input<typeof setMonitorsInput>,
): Promise<{ reply: CommandReply; results: { key: string; status: string; id: number | null }[] }> {
  assertOperator(deps.scope);
  const parsed = setMonitorsInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('BAD_INPUT', `${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
  }
  const { chargerId, monitors } = parsed.data;
  const charger = await findCharger(deps.db, deps.scope, chargerId);
  const setMonitoringData = monitors.map((m) => {
    const cv = parseVariableKey(m.key);
    if (!m.key.includes('/')) throw new AppError('BAD_INPUT', `A monitor watches one variable: ${m.key}`);
    return {
      ...(m.id !== undefined ? { id: m.id } : {}),
      transaction: m.transaction,
      value: m.value,
      type: m.type,
      severity: m.severity,
      component: cv.component,
      variable: cv.variable,
    };
  });
  const command = await callCharger(deps, charger.id, 'SetVariableMonitoring', { setMonitoringData });
  const results = Array.isArray((command.response as { setMonitoringResult?: unknown } | null)?.setMonitoringResult)
    ? (command.response as { setMonitoringResult: Record<string, unknown>[] }).setMonitoringResult
    : [];
  const out: { key: string; status: string; id: number | null }[] = [];
  const accepted: MonitorItem[] = [];
  // The results come one per request entry, in order (each names its component, variable and type).
  for (const [n, r] of results.entries()) {
    const sent = setMonitoringData[n];
    const place = placeOf(r.component, r.variable);
    const id = Number.isInteger(r.id) ? (r.id as number) : null;
    out.push({ key: place.key, status: String(r.status), id });
    if (r.status === 'Accepted' && id !== null && sent)
      accepted.push({
        ...place,
        monitorId: id,
        type: String(r.type),
        value: String(sent.value),
        severity: Number(r.severity),
        transaction: sent.transaction,
      });
  }
  if (accepted.length)
    await deps.db.$transaction((tx) =>
      applyMonitors(tx, {
        charger: { tenantId: deps.scope.tenantId, chargerId: charger.id },
        monitors: accepted,
        replaceAll: false,
        source: 'SET',
      }),
    );
  return { reply: replyOf(command), results: out };
}

export const clearMonitorsInput = z.object({
  chargerId: z.uuid(),
  ids: z.array(z.number().int().min(0).max(2_147_483_647)).min(1).max(100),
});

export async function clearVariableMonitoring(
  deps: CallDeps,
  input: z.input<typeof clearMonitorsInput>,
): Promise<{ reply: CommandReply; results: { id: number; status: string }[] }> {
  assertOperator(deps.scope);
  const { chargerId, ids } = clearMonitorsInput.parse(input);
  const charger = await findCharger(deps.db, deps.scope, chargerId);
  const command = await callCharger(deps, charger.id, 'ClearVariableMonitoring', { id: [...new Set(ids)] });
  const results = (
    Array.isArray((command.response as { clearMonitoringResult?: unknown } | null)?.clearMonitoringResult)
      ? (command.response as { clearMonitoringResult: { id: number; status: string }[] }).clearMonitoringResult
      : []
  ).map((r) => ({ id: Number(r.id), status: String(r.status) }));
  const gone = results.filter((r) => r.status === 'Accepted' || r.status === 'NotFound').map((r) => r.id);
  if (gone.length)
    await deps.db.deviceMonitor.deleteMany({ where: { chargerId: charger.id, monitorId: { in: gone } } });
  return { reply: replyOf(command), results };
}

export async function setMonitoringBase(
  deps: CallDeps,
  input: { chargerId: string; monitoringBase: (typeof MONITORING_BASES)[number] },
): Promise<{ reply: CommandReply; answer: string }> {
  assertOperator(deps.scope);
  const { chargerId, monitoringBase } = z
    .object({ chargerId: z.uuid(), monitoringBase: z.enum(MONITORING_BASES) })
    .parse(input);
  const charger = await findCharger(deps.db, deps.scope, chargerId);
  const command = await callCharger(deps, charger.id, 'SetMonitoringBase', { monitoringBase });
  const answer = answerOf(command);
  // FactoryDefault and HardWiredOnly remove the custom monitors (N03.FR.02/03): those we set are gone.
  if (answer === 'Accepted' && monitoringBase !== 'All')
    await deps.db.deviceMonitor.deleteMany({ where: { chargerId: charger.id, source: 'SET' } });
  return { reply: replyOf(command), answer };
}

export async function setMonitoringLevel(
  deps: CallDeps,
  input: { chargerId: string; severity: number },
): Promise<{ reply: CommandReply; answer: string }> {
  assertOperator(deps.scope);
  const { chargerId, severity } = z
    .object({ chargerId: z.uuid(), severity: z.number().int().min(0).max(9) })
    .parse(input);
  const charger = await findCharger(deps.db, deps.scope, chargerId);
  const command = await callCharger(deps, charger.id, 'SetMonitoringLevel', { severity });
  return { reply: replyOf(command), answer: answerOf(command) };
}
