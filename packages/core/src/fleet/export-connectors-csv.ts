import type { z } from 'zod';
import { Prisma, type Db } from '@magma/db';
import type { Scope } from '../tenancy/scope.ts';
import { connectorColumnsSql, connectorFilterInput, connectorWhereSql, type ConnectorRow } from './connector-query.ts';
import { zonedTimestamp } from '../pagination/list-csv.ts';
import { csvLine } from './csv.ts';

const HEADER = [
  'connector_id',
  'charger',
  'evse',
  'connector',
  'type',
  'rated_kw',
  'site',
  'city',
  'model',
  'status',
  'ocpp_status',
  'error_code',
  'live_kw',
  'soc_percent',
  'session_kwh',
  'status_at',
];

/**
 * The connector table as CSV (the header, then one chunk per batch), read in keyset batches ordered by charger
 * identity, so memory stays flat whatever the fleet size and no row is skipped or repeated
 * when rows change between batches' sort keys.
 */
export async function* exportConnectorsCsv({
  db,
  scope,
  input,
  batchSize = 1000,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof connectorFilterInput>;
  batchSize?: number;
}): AsyncGenerator<string> {
  const f = connectorFilterInput.parse(input ?? {});
  const where = connectorWhereSql(scope, f);
  const { timezone: tz } = await db.tenant.findUniqueOrThrow({
    where: { id: scope.tenantId },
    select: { timezone: true },
  });
  yield csvLine(HEADER);
  let after: { identity: string; evseId: number; connectorId: number } | null = null;
  for (;;) {
    const keyset: Prisma.Sql = after
      ? Prisma.sql`AND (ch.identity, c."evseId", c."connectorId") > (${after.identity}, ${after.evseId}, ${after.connectorId})`
      : Prisma.empty;
    const rows: ConnectorRow[] = await db.$queryRaw<ConnectorRow[]>`SELECT ${connectorColumnsSql} ${where} ${keyset}
      ORDER BY ch.identity, c."evseId", c."connectorId" LIMIT ${batchSize}`;
    if (rows.length > 0) yield rows.map((r) => rowLine(r, tz)).join('');
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = { identity: last.identity, evseId: last.evseId, connectorId: last.connectorId };
  }
}

function rowLine(r: ConnectorRow, tz: string): string {
  return csvLine([
    r.id,
    r.identity,
    r.evseId,
    r.connectorId,
    r.type,
    r.ratedKw,
    r.siteName,
    r.city,
    r.model,
    r.status,
    r.ocppStatus,
    r.errorCode,
    r.livePowerW === null ? null : (r.livePowerW / 1000).toFixed(2),
    r.liveSoc,
    r.liveEnergyWh === null ? null : (r.liveEnergyWh / 1000).toFixed(3),
    zonedTimestamp(r.statusAt, tz),
  ]);
}
