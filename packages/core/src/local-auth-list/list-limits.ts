import { Prisma, sqlQuery, type Db } from '@magma/db';
import type { LocalListLimits, Protocol } from './payloads.ts';

// What a charger said its local list may hold, from what it reported most recently: 1.6 answers
// to GetConfiguration (SendLocalListMaxLength, LocalAuthListMaxLength), 2.0.1 answers to
// GetVariables and its NotifyReport messages (LocalAuthListCtrlr ItemsPerMessage, BytesPerMessage,
// Entries). A limit it never reported limits nothing.

const RECENT = 20;

type Found = { action: string; body: unknown };
type Limit = { key: keyof LocalListLimits; value: number };

function positive(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value.trim()) : typeof value === 'number' ? value : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

const KEYS_16: Record<string, keyof LocalListLimits> = {
  SendLocalListMaxLength: 'itemsPerMessage',
  LocalAuthListMaxLength: 'maxEntries',
};
const VARIABLES_201: Record<string, keyof LocalListLimits> = {
  ItemsPerMessage: 'itemsPerMessage',
  BytesPerMessage: 'bytesPerMessage',
  Entries: 'maxEntries',
};

function limit201(component: unknown, variable: unknown, value: unknown): Limit | null {
  if ((component as { name?: unknown } | undefined)?.name !== 'LocalAuthListCtrlr') return null;
  const key = VARIABLES_201[String((variable as { name?: unknown } | undefined)?.name)];
  const n = positive(value);
  return key && n ? { key, value: n } : null;
}

function limitsIn({ action, body }: Found): Limit[] {
  const b = (body ?? {}) as Record<string, unknown>;
  const out: (Limit | null)[] = [];
  if (action === 'GetConfiguration' && Array.isArray(b.configurationKey)) {
    for (const k of b.configurationKey as Record<string, unknown>[]) {
      const key = KEYS_16[String(k.key)];
      const n = positive(k.value);
      if (key && n) out.push({ key, value: n });
    }
  }
  if (action === 'GetVariables' && Array.isArray(b.getVariableResult)) {
    for (const r of b.getVariableResult as Record<string, unknown>[])
      if (r.attributeStatus === 'Accepted') out.push(limit201(r.component, r.variable, r.attributeValue));
  }
  if (action === 'NotifyReport' && Array.isArray(b.reportData)) {
    for (const d of b.reportData as Record<string, unknown>[]) {
      const attrs = Array.isArray(d.variableAttribute) ? (d.variableAttribute as Record<string, unknown>[]) : [];
      out.push(limit201(d.component, d.variable, attrs.find((a) => (a.type ?? 'Actual') === 'Actual')?.value));
    }
  }
  return out.filter((l): l is Limit => l !== null);
}

/** Pure: the newest value of each limit wins (rows newest first). */
export function localListLimitsFrom(rows: readonly Found[]): LocalListLimits {
  const limits: LocalListLimits = {};
  for (const row of rows) for (const { key, value } of limitsIn(row)) limits[key] ??= value;
  return limits;
}

export async function readLocalListLimits({
  db,
  chargerId,
  protocol,
}: {
  db: Db;
  chargerId: string;
  protocol: Protocol;
}): Promise<LocalListLimits> {
  const marker = protocol === 'OCPP16' ? 'ListMaxLength' : 'LocalAuthListCtrlr';
  const rows = await sqlQuery<Found>(
    db,
    Prisma.sql`
    (SELECT action, payload AS body, "receivedAt" AS at FROM "ChargerMessage"
      WHERE "chargerId" = ${chargerId}::uuid AND action = 'NotifyReport' AND strpos(payload::text, ${marker}) > 0
      ORDER BY "receivedAt" DESC LIMIT ${RECENT})
    UNION ALL
    (SELECT action, response AS body, "respondedAt" AS at FROM "ChargerCommand"
      WHERE "chargerId" = ${chargerId}::uuid AND status = 'RESPONDED'
        AND action IN ('GetVariables', 'GetConfiguration') AND strpos(response::text, ${marker}) > 0
      ORDER BY "requestedAt" DESC LIMIT ${RECENT})
    ORDER BY at DESC`,
  );
  return localListLimitsFrom(rows);
}
