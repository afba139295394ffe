import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { csvLine } from '../fleet/csv.ts';
import { majorUnits, zonedTimestamp } from '../pagination/list-csv.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import {
  sessionFilterInput,
  sessionOrderBy,
  sessionRowSelect,
  sessionSortInput,
  sessionWhere,
} from './session-filter.ts';

/** More rows than this is not a list anyone reads: the export asks for a narrower filter (a date range). */
export const MAX_SESSION_EXPORT_ROWS = 500_000;

export const exportSessionsInput = sessionFilterInput.extend({ sort: sessionSortInput });

type Row = Prisma.TransactionGetPayload<{ select: typeof sessionRowSelect }>;

const HEADER = [
  'session_id',
  'number',
  'status',
  'charger',
  'evse',
  'site',
  'city',
  'id_token',
  'started_at',
  'stopped_at',
  'energy_kwh',
  'net_excl_gst',
  'gst',
  'total_incl_gst',
  'net_excl_gst_minor',
  'gst_minor',
  'total_incl_gst_minor',
  'currency',
  'stop_reason',
];

const rupees = (minor: number | null) => (minor === null ? null : majorUnits(minor));

/**
 * The sessions history as CSV in the page's order, streamed in cursor batches through the scoped
 * client; refused before the first byte when the filter selects more than maxRows sessions. Times
 * are in the tenant's time zone with the offset; money in rupees with two decimals, then in paise.
 */
export async function* exportSessionsCsv({
  db,
  scope,
  input,
  batchSize = 1000,
  maxRows = MAX_SESSION_EXPORT_ROWS,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof exportSessionsInput>;
  batchSize?: number;
  maxRows?: number;
}): AsyncGenerator<string> {
  const f = exportSessionsInput.parse(input ?? {});
  const sdb = scopedDb(db, scope);
  const where = sessionWhere(f);
  const [count, tenant] = await Promise.all([
    sdb.transaction.count({ where }),
    db.tenant.findUniqueOrThrow({ where: { id: scope.tenantId }, select: { timezone: true } }),
  ]);
  const tz = tenant.timezone;
  if (count > maxRows)
    throw new AppError(
      'BAD_INPUT',
      `The filter selects ${count.toLocaleString('en-IN')} sessions; an export holds at most ${maxRows.toLocaleString('en-IN')}: narrow the dates`,
    );
  yield csvLine(HEADER);
  let cursor: string | null = null;
  for (;;) {
    const rows: Row[] = await sdb.transaction.findMany({
      where,
      orderBy: sessionOrderBy(f.sort),
      take: batchSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: sessionRowSelect,
    });
    if (rows.length > 0) {
      yield rows
        .map((r) => {
          const total = r.costMinor === null ? null : r.costMinor + (r.taxMinor ?? 0);
          return csvLine([
            r.id,
            r.seq,
            r.status,
            r.charger.identity,
            r.evseId,
            r.charger.site?.name,
            r.charger.site?.city,
            r.idTag,
            zonedTimestamp(r.startedAt, tz),
            zonedTimestamp(r.stoppedAt, tz),
            (r.energyWh / 1000).toFixed(3),
            rupees(r.costMinor),
            rupees(r.taxMinor),
            rupees(total),
            r.costMinor,
            r.taxMinor,
            total,
            r.currency,
            r.stopReason,
          ]);
        })
        .join('');
    }
    if (rows.length < batchSize) return;
    cursor = rows[rows.length - 1]!.id;
  }
}
