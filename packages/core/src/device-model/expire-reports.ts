import type { Db } from '@magma/db';
import { applyReport, type ReportKind } from './receive-report.ts';
import { reportProgress } from './report-items.ts';

/** How long a report may wait for its next part before it is settled as INCOMPLETE. */
export const REPORT_PART_TIMEOUT_MS = 60_000;

/**
 * Settles the reports whose parts stopped coming: INCOMPLETE, with the seqNos still missing, and
 * what did arrive applied without removals (a part that never came does not remove variables).
 * A request the charger accepted but answered with no part at all ends the same way. Runs from
 * the worker every minute and before a charger's device model is read.
 */
export async function expireDeviceReports({
  db,
  chargerId,
  now = new Date(),
  timeoutMs = REPORT_PART_TIMEOUT_MS,
}: {
  db: Db;
  chargerId?: string;
  now?: Date;
  timeoutMs?: number;
}): Promise<number> {
  const before = new Date(now.getTime() - timeoutMs);
  const stale = await db.deviceReport.findMany({
    where: {
      ...(chargerId ? { chargerId } : {}),
      OR: [
        { status: 'RECEIVING', lastPartAt: { lt: before } },
        { status: 'REQUESTED', answer: 'Accepted', createdAt: { lt: before } },
      ],
    },
    select: { id: true, tenantId: true, chargerId: true, kind: true },
    take: 500,
  });
  let settled = 0;
  for (const r of stale) {
    await db.$transaction(
      async (tx) => {
        // Locked and read again: a part may have completed it meanwhile.
        const [row] = await tx.$queryRaw<{ status: string; lastSeqNo: number | null }[]>`
          SELECT status, "lastSeqNo" FROM "DeviceReport" WHERE id = ${r.id}::uuid FOR UPDATE`;
        if (!row || (row.status !== 'RECEIVING' && row.status !== 'REQUESTED')) return;
        const parts = await tx.deviceReportPart.findMany({ where: { reportId: r.id }, select: { seqNo: true } });
        const { missing } = reportProgress(
          parts.map((p) => p.seqNo),
          row.lastSeqNo,
        );
        const detail = !parts.length
          ? `No part arrived within ${Math.round(timeoutMs / 1000)} s`
          : `Missing ${missing.length ? `part(s) ${missing.join(', ')}` : 'parts'}${
              row.lastSeqNo === null ? ' and the last part (tbc false)' : ''
            } after ${Math.round(timeoutMs / 1000)} s`;
        await applyReport(tx, {
          charger: { tenantId: r.tenantId, chargerId: r.chargerId },
          reportId: r.id,
          kind: r.kind as ReportKind,
          complete: false,
          now,
          detail,
        });
        settled++;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }
  return settled;
}
