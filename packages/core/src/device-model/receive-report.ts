import { Prisma, type Db } from '@magma/db';
import type { ChargerRef, Tx } from '../charging/types.ts';
import {
  diffInventory,
  inventoryItems,
  monitorItems,
  partItems,
  reportProgress,
  type InventoryDiff,
  type InventoryItem,
  type MonitorItem,
} from './report-items.ts';

// NotifyReport and NotifyMonitoringReport parts, kept as they come and put together by requestId:
// out of order and twice over are both fine (a part is stored once per seqNo); once every seqNo up
// to the one with tbc false is held, the report is applied to the stored inventory or monitor list
// in one transaction, with what it changed. A report still missing a part after the timeout is
// marked INCOMPLETE (expire-reports.ts).

export type ReportKind = 'INVENTORY' | 'MONITORING';

/** Outside input is capped: items in one part, parts in one report, variables per charger. */
export const MAX_ITEMS_PER_PART = 2_000;
export const MAX_PARTS = 1_000;
export const MAX_VARIABLES = 20_000;

type ReportRow = {
  id: string;
  status: string;
  reportBase: string;
  lastSeqNo: number | null;
};

/** The report row for a requestId, made if the charger sent it unasked (a report it starts itself). */
async function lockReport(tx: Tx, charger: ChargerRef, kind: ReportKind, requestId: number, now: Date) {
  await tx.deviceReport.createMany({
    data: [
      {
        tenantId: charger.tenantId,
        chargerId: charger.chargerId,
        kind,
        requestId,
        reportBase: kind === 'INVENTORY' ? 'Unrequested' : 'Monitoring',
        status: 'RECEIVING',
        createdAt: now,
      },
    ],
    skipDuplicates: true,
  });
  const [row] = await tx.$queryRaw<ReportRow[]>(Prisma.sql`
    SELECT id, status, "reportBase", "lastSeqNo" FROM "DeviceReport"
     WHERE "chargerId" = ${charger.chargerId}::uuid AND kind = ${kind} AND "requestId" = ${requestId}
     FOR UPDATE`);
  return row!;
}

export type ReceivedPart = { reportId: string; status: string; duplicate: boolean; missing: number[] };

/** Keeps one part and, when it was the one still missing, applies the whole report. */
export async function receiveReportPart({
  db,
  charger,
  kind,
  payload,
  now = new Date(),
}: {
  db: Db;
  charger: ChargerRef;
  kind: ReportKind;
  payload: Record<string, unknown>;
  now?: Date;
}): Promise<ReceivedPart> {
  const requestId = Number(payload.requestId);
  const seqNo = Number(payload.seqNo);
  const tbc = payload.tbc === true;
  const items = partItems(kind, payload).slice(0, MAX_ITEMS_PER_PART);
  const generatedAt = new Date(String(payload.generatedAt));
  return db.$transaction(
    async (tx) => {
      const report = await lockReport(tx, charger, kind, requestId, now);
      const settled = report.status === 'COMPLETE' || report.status === 'INCOMPLETE';
      if (seqNo >= MAX_PARTS || settled) {
        // A late or repeated part of a settled report changes nothing (the report said what it held).
        return { reportId: report.id, status: report.status, duplicate: true, missing: [] };
      }
      const inserted = await tx.deviceReportPart.createMany({
        data: [
          {
            tenantId: charger.tenantId,
            reportId: report.id,
            seqNo,
            tbc,
            generatedAt: Number.isNaN(generatedAt.getTime()) ? now : generatedAt,
            items: items as Prisma.InputJsonArray,
          },
        ],
        skipDuplicates: true,
      });
      const parts = await tx.deviceReportPart.findMany({
        where: { reportId: report.id },
        select: { seqNo: true, tbc: true },
      });
      const last = parts.find((p) => !p.tbc)?.seqNo ?? null;
      const { complete, missing } = reportProgress(
        parts.map((p) => p.seqNo),
        last,
      );
      await tx.deviceReport.update({
        where: { id: report.id },
        data: { status: 'RECEIVING', lastSeqNo: last, partCount: parts.length, lastPartAt: now },
      });
      if (complete) await applyReport(tx, { charger, reportId: report.id, kind, complete: true, now });
      return {
        reportId: report.id,
        status: complete ? 'COMPLETE' : 'RECEIVING',
        duplicate: inserted.count === 0,
        missing,
      };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

async function itemsOf(tx: Tx, reportId: string) {
  const parts = await tx.deviceReportPart.findMany({ where: { reportId }, orderBy: { seqNo: 'asc' } });
  return parts.flatMap((p) => (Array.isArray(p.items) ? p.items : []));
}

/**
 * Puts the report's parts into the inventory (or the monitor list) and settles it: COMPLETE, or
 * INCOMPLETE when parts are missing — then only what arrived is applied and nothing is removed.
 */
export async function applyReport(
  tx: Tx,
  {
    charger,
    reportId,
    kind,
    complete,
    now,
    detail,
  }: { charger: ChargerRef; reportId: string; kind: ReportKind; complete: boolean; now: Date; detail?: string },
): Promise<void> {
  const report = await tx.deviceReport.findUniqueOrThrow({ where: { id: reportId } });
  const raw = await itemsOf(tx, reportId);
  let itemCount: number;
  let diff: InventoryDiff | null = null;
  if (kind === 'INVENTORY') {
    const items = inventoryItems(raw);
    itemCount = items.length;
    diff = await applyInventory(tx, {
      charger,
      reportId,
      items,
      full: complete && report.reportBase === 'FullInventory',
    });
  } else {
    const monitors = monitorItems(raw);
    itemCount = monitors.length;
    await applyMonitors(tx, { charger, monitors, replaceAll: complete && report.reportBase === 'Monitoring' });
  }
  await tx.deviceReport.update({
    where: { id: reportId },
    data: {
      status: complete ? 'COMPLETE' : 'INCOMPLETE',
      itemCount,
      completedAt: now,
      ...(diff ? { diff: diff as unknown as Prisma.InputJsonObject } : {}),
      ...(detail ? { detail } : {}),
    },
  });
  // The parts are in the inventory now; the report row keeps the counts and the diff.
  await tx.deviceReportPart.deleteMany({ where: { reportId } });
}

async function applyInventory(
  tx: Tx,
  { charger, reportId, items, full }: { charger: ChargerRef; reportId: string; items: InventoryItem[]; full: boolean },
): Promise<InventoryDiff> {
  const before = await tx.deviceVariable.findMany({
    where: { chargerId: charger.chargerId },
    select: { key: true, attributes: true, characteristics: true },
  });
  const diff = diffInventory(
    before.map((b) => ({
      key: b.key,
      attributes: b.attributes as InventoryItem['attributes'],
      characteristics: (b.characteristics ?? null) as InventoryItem['characteristics'],
    })),
    items,
    full,
  );
  if (full) {
    const previous = await tx.deviceReport.findFirst({
      where: { chargerId: charger.chargerId, reportBase: 'FullInventory', status: 'COMPLETE', id: { not: reportId } },
      orderBy: { completedAt: 'desc' },
      select: { id: true },
    });
    diff.previousFullReportId = previous?.id ?? null;
  }
  // The last entry for a key wins (a charger naming one variable twice).
  const unique = [...new Map(items.map((i) => [i.key, i])).values()];
  const room = MAX_VARIABLES - (full ? 0 : before.length);
  const known = new Set(before.map((b) => b.key));
  const kept = unique
    .filter((i) => full || known.has(i.key))
    .concat(unique.filter((i) => !full && !known.has(i.key)).slice(0, Math.max(0, room)));
  const rows = kept.slice(0, MAX_VARIABLES).map((i) => ({
    key: i.key,
    component: i.component,
    componentInstance: i.componentInstance,
    evseId: i.evseId,
    connectorId: i.connectorId,
    variable: i.variable,
    variableInstance: i.variableInstance,
    attributes: i.attributes,
    characteristics: i.characteristics,
  }));
  if (full) {
    await tx.deviceVariable.deleteMany({
      where: { chargerId: charger.chargerId, key: { notIn: rows.map((r) => r.key) } },
    });
  }
  // One statement for the whole report: a full inventory is hundreds of rows.
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = JSON.stringify(rows.slice(i, i + 1000));
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO "DeviceVariable" (id, "tenantId", "chargerId", key, component, "componentInstance", "evseId",
                                    "connectorId", variable, "variableInstance", attributes, characteristics,
                                    "reportId", "updatedAt")
      SELECT gen_random_uuid(), ${charger.tenantId}::uuid, ${charger.chargerId}::uuid, x.key, x.component,
             x."componentInstance", x."evseId", x."connectorId", x.variable, x."variableInstance", x.attributes,
             x.characteristics, ${reportId}::uuid, now()
        FROM jsonb_to_recordset(${chunk}::jsonb) AS x(key text, component text, "componentInstance" text,
             "evseId" int, "connectorId" int, variable text, "variableInstance" text, attributes jsonb,
             characteristics jsonb)
      ON CONFLICT ("chargerId", key) DO UPDATE
         SET attributes = EXCLUDED.attributes, characteristics = EXCLUDED.characteristics,
             "reportId" = EXCLUDED."reportId", "updatedAt" = now()`);
  }
  return diff;
}

/** Monitors as reported; a report of every monitor (no criteria) also drops those it does not name. */
export async function applyMonitors(
  tx: Tx,
  {
    charger,
    monitors,
    replaceAll,
    source = 'REPORTED',
  }: { charger: ChargerRef; monitors: MonitorItem[]; replaceAll: boolean; source?: 'REPORTED' | 'SET' },
): Promise<void> {
  const unique = [
    ...new Map(monitors.filter((m) => Number.isInteger(m.monitorId)).map((m) => [m.monitorId, m])).values(),
  ];
  if (replaceAll)
    await tx.deviceMonitor.deleteMany({
      where: { chargerId: charger.chargerId, monitorId: { notIn: unique.map((m) => m.monitorId) } },
    });
  for (const m of unique.slice(0, MAX_VARIABLES)) {
    const data = {
      key: m.key,
      component: m.component,
      componentInstance: m.componentInstance,
      evseId: m.evseId,
      connectorId: m.connectorId,
      variable: m.variable,
      variableInstance: m.variableInstance,
      type: m.type,
      value: m.value,
      severity: m.severity,
      transaction: m.transaction,
      source,
    };
    await tx.deviceMonitor.upsert({
      where: { chargerId_monitorId: { chargerId: charger.chargerId, monitorId: m.monitorId } },
      create: { tenantId: charger.tenantId, chargerId: charger.chargerId, monitorId: m.monitorId, ...data },
      update: data,
    });
  }
}
