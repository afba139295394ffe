import type { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import type { Scope } from '../tenancy/scope.ts';
import {
  chargerAfterSql,
  chargerFilterInput,
  chargerKeyColumnsSql,
  chargerOrderBySql,
  chargerOrderOf,
  chargerStateSql,
  chargerWhereSql,
  type ChargerKey,
} from './charger-query.ts';
import { zonedTimestamp } from '../pagination/list-csv.ts';
import { csvLine } from './csv.ts';

/** More rows than this is not a list anyone reads: the export asks for a narrower filter. */
export const MAX_CHARGER_EXPORT_ROWS = 100_000;

const HEADER = [
  'charger_id',
  'identity',
  'state',
  'online',
  'site',
  'city',
  'vendor',
  'make',
  'model',
  'firmware',
  'protocol',
  'registration',
  'connectors',
  'rated_kw',
  'last_seen_at',
];

type Row = ChargerKey & {
  id: string;
  identity: string;
  state: string;
  online: boolean;
  siteName: string | null;
  city: string | null;
  vendor: string | null;
  vendorName: string | null;
  model: string | null;
  firmwareVersion: string | null;
  protocol: string;
  registration: string;
  connectors: number;
  ratedKw: string | null;
  lastSeenAt: Date | null;
};

/**
 * The Chargers list as CSV with the page's filters and order: the header, then one chunk per
 * keyset batch, so memory stays flat whatever the fleet size. Refused (before the first byte)
 * when the filter selects more than MAX_CHARGER_EXPORT_ROWS chargers.
 */
export async function* exportChargersCsv({
  db,
  scope,
  input,
  batchSize = 1000,
  maxRows = MAX_CHARGER_EXPORT_ROWS,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof chargerFilterInput>;
  batchSize?: number;
  maxRows?: number;
}): AsyncGenerator<string> {
  const f = chargerFilterInput.parse(input ?? {});
  const order = chargerOrderOf(f.sort);
  const where = chargerWhereSql(scope, f, true);
  const [[count], tenant] = await Promise.all([
    db.$queryRaw<[{ n: number }]>`SELECT count(*)::int AS n ${where}`,
    db.tenant.findUniqueOrThrow({ where: { id: scope.tenantId }, select: { timezone: true } }),
  ]);
  const tz = tenant.timezone;
  if ((count?.n ?? 0) > maxRows)
    throw new AppError(
      'BAD_INPUT',
      `The filter selects ${count!.n.toLocaleString('en-IN')} chargers; an export holds at most ${maxRows.toLocaleString('en-IN')}: narrow the filter`,
    );
  yield csvLine(HEADER);
  let after: ChargerKey | null = null;
  for (;;) {
    const rows: Row[] = await db.$queryRaw<Row[]>`
      SELECT ch.id::text AS id, ch.identity, ${chargerStateSql} AS state, ch.online, s.name AS "siteName", s.city,
        (SELECT v.name FROM "Vendor" v WHERE v.id = ch."vendorId") AS vendor, ch."vendorName", ch.model, ch."firmwareVersion", ch.protocol::text AS protocol,
        ch.registration::text AS registration, ch."maxPowerKw"::text AS "ratedKw", ch."lastSeenAt",
        (SELECT count(*)::int FROM "Connector" c WHERE c."chargerId" = ch.id) AS connectors,
        ${chargerKeyColumnsSql(order)}
      ${where} ${chargerAfterSql(order, after)}
      ORDER BY ${chargerOrderBySql(order)} LIMIT ${batchSize}`;
    if (rows.length > 0) yield rows.map((r) => rowLine(r, tz)).join('');
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1]!;
  }
}

function rowLine(r: Row, tz: string): string {
  return csvLine([
    r.id,
    r.identity,
    r.state,
    r.online,
    r.siteName,
    r.city,
    r.vendor,
    r.vendorName,
    r.model,
    r.firmwareVersion,
    r.protocol === 'OCPP201' ? '2.0.1' : '1.6',
    r.registration,
    r.connectors,
    r.ratedKw,
    zonedTimestamp(r.lastSeenAt, tz),
  ]);
}
