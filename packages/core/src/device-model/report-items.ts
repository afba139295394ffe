import { variableKeyOf, type ComponentVariable } from '../commands/variable-key.ts';

// Pure: the entries of NotifyReport and NotifyMonitoringReport parts (2.0.1 B07/B08, N02) as rows
// of the stored inventory and monitor list, the state of a report from the parts it holds, and
// what a report changes in the inventory.

// Parts arrive validated against the official schema (ocpp-rpc strict mode); read field by field.
type Json = Record<string, unknown>;

export type InventoryAttribute = {
  type: string;
  value: string | null;
  mutability: string;
  persistent: boolean;
  constant: boolean;
};
export type InventoryCharacteristics = {
  unit: string | null;
  dataType: string;
  minLimit: number | null;
  maxLimit: number | null;
  valuesList: string | null;
  supportsMonitoring: boolean;
};
export type Place = {
  key: string;
  component: string;
  componentInstance: string | null;
  evseId: number | null;
  connectorId: number | null;
  variable: string;
  variableInstance: string | null;
};
export type InventoryItem = Place & {
  attributes: InventoryAttribute[];
  characteristics: InventoryCharacteristics | null;
};
export type MonitorItem = Place & {
  monitorId: number;
  type: string;
  value: string;
  severity: number;
  transaction: boolean;
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Where a component variable lives, with its one-string key (Component[i]@evse.connector/Variable[i]). */
export function placeOf(component: unknown, variable: unknown): Place {
  const c = (component ?? {}) as Json;
  const v = (variable ?? {}) as Json;
  const evse = (c.evse ?? null) as Json | null;
  const cv: ComponentVariable = {
    component: {
      name: String(c.name ?? ''),
      ...(str(c.instance) ? { instance: str(c.instance)! } : {}),
      ...(evse && num(evse.id) !== null
        ? {
            evse: {
              id: num(evse.id)!,
              ...(num(evse.connectorId) !== null ? { connectorId: num(evse.connectorId)! } : {}),
            },
          }
        : {}),
    },
    variable: { name: String(v.name ?? ''), ...(str(v.instance) ? { instance: str(v.instance)! } : {}) },
  };
  return {
    key: variableKeyOf(cv),
    component: cv.component.name,
    componentInstance: cv.component.instance ?? null,
    evseId: cv.component.evse?.id ?? null,
    connectorId: cv.component.evse?.connectorId ?? null,
    variable: cv.variable.name,
    variableInstance: cv.variable.instance ?? null,
  };
}

/** The inventory rows of one NotifyReport part's reportData (ReportDataType). */
export function inventoryItems(reportData: unknown): InventoryItem[] {
  if (!Array.isArray(reportData)) return [];
  return (reportData as Json[]).map((d) => {
    const attrs = Array.isArray(d.variableAttribute) ? (d.variableAttribute as Json[]) : [];
    const ch = (d.variableCharacteristics ?? null) as Json | null;
    return {
      ...placeOf(d.component, d.variable),
      // Defaults as the schema gives them: Actual, ReadWrite, persistent and constant false.
      attributes: attrs.map((a) => ({
        type: str(a.type) ?? 'Actual',
        value: str(a.value),
        mutability: str(a.mutability) ?? 'ReadWrite',
        persistent: a.persistent === true,
        constant: a.constant === true,
      })),
      characteristics: ch
        ? {
            unit: str(ch.unit),
            dataType: String(ch.dataType ?? ''),
            minLimit: num(ch.minLimit),
            maxLimit: num(ch.maxLimit),
            valuesList: str(ch.valuesList),
            supportsMonitoring: ch.supportsMonitoring === true,
          }
        : null,
    };
  });
}

/** The monitors of one NotifyMonitoringReport part (MonitoringDataType). */
export function monitorItems(monitor: unknown): MonitorItem[] {
  if (!Array.isArray(monitor)) return [];
  return (monitor as Json[]).flatMap((m) => {
    const place = placeOf(m.component, m.variable);
    const list = Array.isArray(m.variableMonitoring) ? (m.variableMonitoring as Json[]) : [];
    return list.map((vm) => ({
      ...place,
      monitorId: Number(vm.id),
      type: String(vm.type ?? ''),
      value: String(vm.value ?? ''),
      severity: Number(vm.severity ?? 9),
      transaction: vm.transaction === true,
    }));
  });
}

/** The items of a part as stored: reportData for NotifyReport, monitor for NotifyMonitoringReport. */
export function partItems(kind: 'INVENTORY' | 'MONITORING', payload: Json): unknown[] {
  const list = kind === 'INVENTORY' ? payload.reportData : payload.monitor;
  return Array.isArray(list) ? list : [];
}

/**
 * Which parts a report still lacks. Complete once the part with tbc false (the last seqNo) is held
 * with every seqNo below it; seqNo counts from 0 (2.0.1 B07.FR.06).
 */
export function reportProgress(seqNos: readonly number[], lastSeqNo: number | null) {
  const held = new Set(seqNos);
  const highest = lastSeqNo ?? Math.max(-1, ...held);
  const missing: number[] = [];
  for (let n = 0; n <= highest && missing.length < 50; n++) if (!held.has(n)) missing.push(n);
  return { complete: lastSeqNo !== null && missing.length === 0, missing };
}

export type DiffEntry = {
  key: string;
  change: 'added' | 'removed' | 'changed';
  before?: string | null;
  after?: string | null;
};
export type InventoryDiff = {
  added: number;
  removed: number;
  changed: number;
  /** The first entries, by key: the report may name thousands. */
  entries: DiffEntry[];
  /** The FullInventory report the removals are counted against (null: none before). */
  previousFullReportId?: string | null;
};

export const DIFF_ENTRIES_KEPT = 500;

type Comparable = Pick<InventoryItem, 'key' | 'attributes' | 'characteristics'>;

const actual = (i: Comparable) => i.attributes.find((a) => a.type === 'Actual')?.value ?? null;
const summary = (i: Comparable) =>
  i.attributes
    .map((a) => `${a.type}=${a.value ?? '∅'}${a.mutability === 'ReadWrite' ? '' : ` (${a.mutability})`}`)
    .join(', ');
// Stored rows come back from jsonb with their keys reordered: compare with sorted keys.
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}
const canonical = (i: Comparable) => stable([i.attributes, i.characteristics]);

/**
 * What a report changes in the inventory held before it. Only a FullInventory report names every
 * variable, so only it removes those it does not name; the others add and change.
 */
export function diffInventory(
  before: readonly Comparable[],
  reported: readonly Comparable[],
  full: boolean,
): InventoryDiff {
  const old = new Map(before.map((i) => [i.key, i]));
  const seen = new Set<string>();
  const entries: DiffEntry[] = [];
  let added = 0;
  let changed = 0;
  let removed = 0;
  for (const item of reported) {
    if (seen.has(item.key)) continue;
    seen.add(item.key);
    const prev = old.get(item.key);
    if (!prev) {
      added++;
      entries.push({ key: item.key, change: 'added', after: actual(item) ?? summary(item) });
    } else if (canonical(prev) !== canonical(item)) {
      changed++;
      const [b, a] = actual(prev) !== actual(item) ? [actual(prev), actual(item)] : [summary(prev), summary(item)];
      entries.push({ key: item.key, change: 'changed', before: b, after: a });
    }
  }
  if (full) {
    for (const prev of before) {
      if (seen.has(prev.key)) continue;
      removed++;
      entries.push({ key: prev.key, change: 'removed', before: actual(prev) ?? summary(prev) });
    }
  }
  entries.sort((a, b) => a.key.localeCompare(b.key));
  return { added, removed, changed, entries: entries.slice(0, DIFF_ENTRIES_KEPT) };
}
