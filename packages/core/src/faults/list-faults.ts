import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { afterCursor, cursorPageFields, pageOf } from '../pagination/cursor-page.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';

export const listFaultsInput = z.object({
  state: z.enum(['open', 'all']).default('open'),
  kind: z.enum(['CONNECTOR_ERROR', 'OFFLINE', 'SECURITY_EVENT', 'EVENT']).optional(),
  acknowledged: z.enum(['yes', 'no']).optional(),
  siteId: z.uuid().optional(),
  chargerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

type FaultFilters = Pick<z.output<typeof listFaultsInput>, 'state' | 'kind' | 'acknowledged' | 'siteId' | 'chargerId'>;

function faultWhere(f: FaultFilters): Prisma.FaultWhereInput {
  return {
    ...(f.state === 'open' ? { endedAt: null } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.acknowledged === 'yes'
      ? { acknowledgedAt: { not: null } }
      : f.acknowledged === 'no'
        ? { acknowledgedAt: null }
        : {}),
    ...(f.chargerId ? { chargerId: f.chargerId } : {}),
    ...(f.siteId ? { charger: { siteId: f.siteId } } : {}),
  };
}

const FAULT_CHARGER = {
  charger: { select: { id: true, identity: true, site: { select: { name: true, city: true } } } },
} as const;

/**
 * The faults feed: faults (open ones by default, newest first) and the chargers that are offline
 * now, with the time each began. An offline charger that already has an open OFFLINE fault is
 * listed once, as that fault.
 */
export async function listFaults({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listFaultsInput>;
}) {
  const f = listFaultsInput.parse(input ?? {});
  const sdb = scopedDb(db, scope);
  const where = faultWhere(f);
  const chargerWhere: Prisma.ChargerWhereInput = {
    online: false,
    faults: { none: { kind: 'OFFLINE', endedAt: null } },
    ...(f.chargerId ? { id: f.chargerId } : {}),
    ...(f.siteId ? { siteId: f.siteId } : {}),
  };
  const showOffline = !f.kind || f.kind === 'OFFLINE';
  const [faults, openCount, offline, offlineCount] = await Promise.all([
    sdb.fault.findMany({
      where,
      orderBy: [{ startedAt: 'desc' }, { id: 'asc' }],
      take: f.limit,
      include: FAULT_CHARGER,
    }),
    sdb.fault.count({ where: { ...where, endedAt: null } }),
    showOffline
      ? sdb.charger.findMany({
          where: chargerWhere,
          orderBy: [{ lastSeenAt: { sort: 'asc', nulls: 'first' } }, { identity: 'asc' }],
          take: f.limit,
          select: { id: true, identity: true, lastSeenAt: true, site: { select: { name: true, city: true } } },
        })
      : Promise.resolve([]),
    showOffline ? sdb.charger.count({ where: chargerWhere }) : Promise.resolve(0),
  ]);
  return { faults, openCount, offlineChargers: offline, offlineCount };
}

export const listFaultsPageInput = listFaultsInput.omit({ limit: true }).extend(cursorPageFields).strict();

/**
 * Fault records a page at a time (REST /faults), newest first, keyset on (startedAt, id), with the
 * number of open faults the filters match. Offline chargers without an OFFLINE fault are not fault
 * records: the chargers list finds them (`online=false`).
 */
export async function listFaultsPage({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listFaultsPageInput>;
}) {
  const f = listFaultsPageInput.parse(input ?? {});
  const sdb = scopedDb(db, scope);
  const where = faultWhere(f);
  const [rows, openCount] = await Promise.all([
    sdb.fault.findMany({
      where: {
        ...where,
        ...(afterCursor(f.cursor, { field: 'startedAt', dir: 'desc', kind: 'date' }) as Prisma.FaultWhereInput),
      },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: f.limit + 1,
      include: FAULT_CHARGER,
    }),
    sdb.fault.count({ where: { ...where, endedAt: null } }),
  ]);
  return { ...pageOf(rows, f.limit, (r) => [r.startedAt.toISOString(), r.id]), openCount };
}
