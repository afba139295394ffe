import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { cursorPageFields, type Page } from '../pagination/cursor-page.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import {
  chargerAfterSql,
  chargerFilterInput,
  chargerKeyColumnsSql,
  chargerOrderBySql,
  chargerOrderOf,
  chargerStateOf,
  chargerWhereSql,
  decodeChargerCursor,
  encodeChargerCursor,
  type ChargerKey,
  type ChargerState,
} from './charger-query.ts';

export const listFleetChargersInput = chargerFilterInput.extend(cursorPageFields);

const fleetChargerSelect = {
  id: true,
  identity: true,
  protocol: true,
  registration: true,
  vendorName: true,
  model: true,
  firmwareVersion: true,
  maxPowerKw: true,
  status: true,
  online: true,
  lastSeenAt: true,
  site: { select: { id: true, name: true, city: true } },
  vendor: { select: { id: true, name: true } },
  connectors: {
    orderBy: [{ evseId: 'asc' as const }, { connectorId: 'asc' as const }],
    select: { id: true, evseId: true, connectorId: true, type: true, status: true, maxPowerKw: true, livePowerW: true },
  },
} satisfies Prisma.ChargerSelect;

export type FleetChargerPage = Page<FleetCharger> & {
  /**
   * Whether a page comes before this one, and the cursor that fetches it (null: the first page,
   * fetched without a cursor).
   */
  hasPrevious: boolean;
  previousCursor: string | null;
};

export type FleetCharger = Prisma.ChargerGetPayload<{ select: typeof fleetChargerSelect }> & { state: ChargerState };

/**
 * The Chargers list a page at a time (REST /chargers and the dashboard's Chargers page): filtered,
 * sorted by identity, site, state or last contact, each page after the previous page's last
 * charger by that order's key (never an offset, so a deep page costs what the first does).
 */
export async function listFleetChargers({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listFleetChargersInput>;
}): Promise<FleetChargerPage> {
  const f = listFleetChargersInput.parse(input ?? {});
  const order = chargerOrderOf(f.sort);
  const after = decodeChargerCursor(order, f.cursor);
  const keys = await db.$queryRaw<(ChargerKey & { id: string })[]>`
    SELECT ch.id::text AS id, ${chargerKeyColumnsSql(order)}
    ${chargerWhereSql(scope, f)} ${chargerAfterSql(order, after)}
    ORDER BY ${chargerOrderBySql(order)} LIMIT ${f.limit + 1}`;
  const shown = keys.slice(0, f.limit);
  // The rows themselves through the scoped client (a second, primary-key read), in the page's order.
  const rows = shown.length
    ? await scopedDb(db, scope).charger.findMany({
        where: { id: { in: shown.map((k) => k.id) } },
        select: fleetChargerSelect,
      })
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = shown.flatMap((k) => {
    const r = byId.get(k.id);
    return r ? [{ ...r, state: chargerStateOf(r) }] : [];
  });
  const last = shown[shown.length - 1];
  return {
    items,
    nextCursor: keys.length > f.limit && last ? encodeChargerCursor(order, last) : null,
    ...(await previousPage({ db, scope, f, after })),
  };
}

/**
 * The page before one that starts after `after`: read backwards from the cursor row itself (it is
 * the previous page's last row) for limit + 1 rows; the extra row, if any, is where that page starts after.
 */
async function previousPage({
  db,
  scope,
  f,
  after,
}: {
  db: Db;
  scope: Scope;
  f: z.output<typeof listFleetChargersInput>;
  after: ChargerKey | null;
}): Promise<{ hasPrevious: boolean; previousCursor: string | null }> {
  if (!after) return { hasPrevious: false, previousCursor: null };
  const order = chargerOrderOf(f.sort);
  const back = { ...order, desc: !order.desc };
  const keys = await db.$queryRaw<ChargerKey[]>`SELECT ${chargerKeyColumnsSql(order)}
    ${chargerWhereSql(scope, f)} ${chargerAfterSql(back, after, { inclusive: true })}
    ORDER BY ${chargerOrderBySql(back)} LIMIT ${f.limit + 1}`;
  const start = keys.length > f.limit ? keys[f.limit] : undefined;
  return { hasPrevious: keys.length > 0, previousCursor: start ? encodeChargerCursor(order, start) : null };
}
