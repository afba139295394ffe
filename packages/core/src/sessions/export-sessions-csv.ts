import type { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { csvLine } from '../fleet/csv.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import { sessionFilterInput, sessionRowSelect, sessionWhere } from './session-filter.ts';

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
  'price_excl_gst_minor',
  'gst_minor',
  'total_incl_gst_minor',
  'currency',
  'stop_reason',
];

/** The sessions history as CSV, streamed in cursor batches (newest first) through the scoped client. */
export async function* exportSessionsCsv({
  db,
  scope,
  input,
  batchSize = 1000,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof sessionFilterInput>;
  batchSize?: number;
}): AsyncGenerator<string> {
  const f = sessionFilterInput.parse(input ?? {});
  const sdb = scopedDb(db, scope);
  const where = sessionWhere(f);
  yield csvLine(HEADER);
  let cursor: string | null = null;
  for (;;) {
    const rows: Row[] = await sdb.transaction.findMany({
      where,
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: batchSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: sessionRowSelect,
    });
    if (rows.length > 0) {
      yield rows
        .map((r) =>
          csvLine([
            r.id,
            r.seq,
            r.status,
            r.charger.identity,
            r.evseId,
            r.charger.site?.name,
            r.charger.site?.city,
            r.idTag,
            r.startedAt,
            r.stoppedAt,
            (r.energyWh / 1000).toFixed(3),
            r.costMinor,
            r.taxMinor,
            r.costMinor === null ? null : r.costMinor + (r.taxMinor ?? 0),
            r.currency,
            r.stopReason,
          ]),
        )
        .join('');
    }
    if (rows.length < batchSize) return;
    cursor = rows[rows.length - 1]!.id;
  }
}
