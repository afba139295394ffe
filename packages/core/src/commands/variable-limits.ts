import { Prisma, sqlQuery, type Db } from '@magma/db';
import type { CallLimits, SplitAction } from './split-call.ts';

// What a charger said one message may hold, from what it reported most recently: its NotifyReport
// messages (a base or custom report, 2.0.1) and its answers to our GetVariables and
// GetConfiguration. Unknown limits split nothing.

/** Which controller component holds the limits of each instance (2.0.1 appendix 3). */
const INSTANCES = {
  GetVariables: 'DeviceDataCtrlr',
  SetVariables: 'DeviceDataCtrlr',
  GetReport: 'DeviceDataCtrlr',
  SetVariableMonitoring: 'MonitoringCtrlr',
  ClearVariableMonitoring: 'MonitoringCtrlr',
} as const;
/** Enough recent rows to find the limits without reading a charger's history. */
const RECENT = 20;

type Found = { action: string; body: unknown };

function positive(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value.trim()) : typeof value === 'number' ? value : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

type Limit = { kind: 'items' | 'bytes'; instance: SplitAction; value: number };

/** A DeviceDataCtrlr or MonitoringCtrlr ItemsPerMessage/BytesPerMessage variable with its value, if this is one. */
function deviceDataLimit(component: unknown, variable: unknown, value: unknown): Limit | null {
  const v = variable as { name?: unknown; instance?: unknown } | undefined;
  const kind = v?.name === 'ItemsPerMessage' ? 'items' : v?.name === 'BytesPerMessage' ? 'bytes' : null;
  const instance = (Object.keys(INSTANCES) as (keyof typeof INSTANCES)[]).find((i) => i === v?.instance);
  if (!instance || (component as { name?: unknown } | undefined)?.name !== INSTANCES[instance]) return null;
  const n = positive(value);
  return kind && instance && n ? { kind, instance, value: n } : null;
}

function limitsIn({ action, body }: Found): Limit[] {
  const out: Limit[] = [];
  const b = (body ?? {}) as Record<string, unknown>;
  if (action === 'NotifyReport' && Array.isArray(b.reportData)) {
    for (const d of b.reportData as Record<string, unknown>[]) {
      const attrs = Array.isArray(d.variableAttribute) ? (d.variableAttribute as Record<string, unknown>[]) : [];
      const actual = attrs.find((a) => (a.type ?? 'Actual') === 'Actual');
      const limit = deviceDataLimit(d.component, d.variable, actual?.value);
      if (limit) out.push(limit);
    }
  }
  if (action === 'GetVariables' && Array.isArray(b.getVariableResult)) {
    for (const r of b.getVariableResult as Record<string, unknown>[]) {
      if (r.attributeStatus !== 'Accepted') continue;
      const limit = deviceDataLimit(r.component, r.variable, r.attributeValue);
      if (limit) out.push(limit);
    }
  }
  if (action === 'GetConfiguration' && Array.isArray(b.configurationKey)) {
    const key = (b.configurationKey as Record<string, unknown>[]).find((k) => k.key === 'GetConfigurationMaxKeys');
    const n = positive(key?.value);
    if (n) out.push({ kind: 'items', instance: 'GetConfiguration', value: n });
  }
  return out;
}

/** Pure: the newest value of each limit wins (rows newest first). */
export function limitsFrom(rows: readonly Found[]): CallLimits {
  const limits: CallLimits = {};
  for (const row of rows) {
    for (const { kind, instance, value } of limitsIn(row)) {
      const l = (limits[instance] ??= {});
      l[kind] ??= value;
    }
  }
  return limits;
}

export async function readCallLimits({ db, chargerId }: { db: Db; chargerId: string }): Promise<CallLimits> {
  const rows = await sqlQuery<Found>(
    db,
    Prisma.sql`
    (SELECT action, payload AS body, "receivedAt" AS at FROM "ChargerMessage"
      WHERE "chargerId" = ${chargerId}::uuid AND action = 'NotifyReport' AND strpos(payload::text, 'PerMessage') > 0
      ORDER BY "receivedAt" DESC LIMIT ${RECENT})
    UNION ALL
    (SELECT action, response AS body, "respondedAt" AS at FROM "ChargerCommand"
      WHERE "chargerId" = ${chargerId}::uuid AND status = 'RESPONDED'
        AND action IN ('GetVariables', 'GetConfiguration')
        AND (strpos(response::text, 'PerMessage') > 0 OR strpos(response::text, 'GetConfigurationMaxKeys') > 0)
      ORDER BY "requestedAt" DESC LIMIT ${RECENT})
    ORDER BY at DESC`,
  );
  return limitsFrom(rows);
}
