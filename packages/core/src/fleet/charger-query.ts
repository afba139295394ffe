import { z } from 'zod';
import { Prisma } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { decodeCursor, encodeCursor } from '../pagination/cursor-page.ts';
import { escapeLike } from '../search/like-pattern.ts';
import type { Scope } from '../tenancy/scope.ts';
import { andAll, chargerScopeSql } from './sql-scope.ts';

// The Chargers list's filters and sort orders, shared by its pages and its CSV export so the
// export holds exactly the rows (and the order) the page shows. Hand-written SQL: the charger's
// state is an aggregate of its connectors, which Prisma's where/orderBy cannot express.

/**
 * What an operator reads first about a charger, worst first: offline (not connected), faulted
 * (the station or one connector), charging, occupied, available, unavailable, unknown.
 */
export const CHARGER_STATES = [
  'offline',
  'faulted',
  'charging',
  'occupied',
  'available',
  'unavailable',
  'unknown',
] as const;
export type ChargerState = (typeof CHARGER_STATES)[number];

export const CHARGER_SORTS = ['identity', 'site', 'state', 'lastSeen'] as const;
export type ChargerSort = (typeof CHARGER_SORTS)[number];
/** `identity` sorts A→Z, `-identity` Z→A; the same for every key. */
const SORT_VALUES = CHARGER_SORTS.flatMap((s) => [s, `-${s}`] as const) as [string, ...string[]];

/** Accepts `a`, `a,b` (from a URL) or `['a','b']`; empty means no filter. */
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(50).optional());

/** `true`/`false` as a boolean or as the text of a query string. */
const flag = z.preprocess(
  (v) => (v === 'true' ? true : v === 'false' ? false : v === '' ? undefined : v),
  z.boolean().optional(),
);

export const chargerFilterInput = z.object({
  siteId: oneOrMany(z.uuid()),
  vendorId: z.uuid().optional(),
  city: oneOrMany(z.string().trim().min(1).max(80)),
  model: oneOrMany(z.string().trim().min(1).max(120)),
  firmware: oneOrMany(z.string().trim().min(1).max(120)),
  protocol: oneOrMany(z.enum(['OCPP16', 'OCPP201'])),
  state: oneOrMany(z.enum(CHARGER_STATES)),
  online: flag,
  /** Part of the OCPP identity, any case. */
  search: z.string().trim().max(60).optional(),
  sort: z.enum(SORT_VALUES).default('identity'),
});
export type ChargerFilter = z.output<typeof chargerFilterInput>;

// The connector flags the state is made of, one row per charger, joined only when the state is
// filtered or sorted on (or exported): one hash aggregate over the tenant's connectors (~10 ms at
// 12,000) instead of a lookup per charger, which made every order but identity read the whole fleet.
function fromSql(scope: Scope, withState: boolean): Prisma.Sql {
  const base = Prisma.sql`FROM "Charger" ch LEFT JOIN "Site" s ON s.id = ch."siteId"`;
  if (!withState) return base;
  return Prisma.sql`${base}
  LEFT JOIN (
    SELECT c."chargerId", bool_or(c.status = 'FAULTED') AS faulted,
      bool_or(c.status = 'CHARGING') AS charging,
      bool_or(c.status IN ('PREPARING', 'SUSPENDED_EV', 'SUSPENDED_EVSE', 'FINISHING', 'RESERVED', 'OCCUPIED')) AS occupied,
      bool_or(c.status = 'AVAILABLE') AS available,
      bool_or(c.status = 'UNAVAILABLE') AS unavailable
    FROM "Connector" c WHERE c."tenantId" = ${scope.tenantId}::uuid GROUP BY c."chargerId"
  ) cs ON cs."chargerId" = ch.id`;
}

/** Whether a query needs the state (and so the connector flags): filtered or sorted by it. */
export const needsChargerState = (f: ChargerFilter): boolean =>
  Boolean(f.state?.length) || chargerOrderOf(f.sort).key === 'state';

/** The state's rank in CHARGER_STATES (0 = offline): sorting by it puts problems first. */
export const chargerStateRankSql = Prisma.sql`(CASE
  WHEN NOT ch.online THEN 0
  WHEN ch.status = 'FAULTED' OR cs.faulted THEN 1
  WHEN cs.charging THEN 2
  WHEN cs.occupied THEN 3
  WHEN cs.available THEN 4
  WHEN ch.status = 'UNAVAILABLE' OR cs.unavailable THEN 5
  ELSE 6 END)`;

const OCCUPIED = new Set(['PREPARING', 'SUSPENDED_EV', 'SUSPENDED_EVSE', 'FINISHING', 'RESERVED', 'OCCUPIED']);

/** chargerStateRankSql's rule for a charger already read, with its connectors' statuses. */
export function chargerStateOf(c: { online: boolean; status: string; connectors: { status: string }[] }): ChargerState {
  const any = (test: (s: string) => boolean) => c.connectors.some((x) => test(x.status));
  if (!c.online) return 'offline';
  if (c.status === 'FAULTED' || any((s) => s === 'FAULTED')) return 'faulted';
  if (any((s) => s === 'CHARGING')) return 'charging';
  if (any((s) => OCCUPIED.has(s))) return 'occupied';
  if (any((s) => s === 'AVAILABLE')) return 'available';
  if (c.status === 'UNAVAILABLE' || any((s) => s === 'UNAVAILABLE')) return 'unavailable';
  return 'unknown';
}

export const chargerStateSql = Prisma.sql`(ARRAY[${Prisma.join(
  CHARGER_STATES.map((s) => Prisma.sql`${s}`),
)}]::text[])[${chargerStateRankSql} + 1]`;

/** FROM … WHERE for the filter; `withState` joins the connector flags chargerStateSql reads. */
export function chargerWhereSql(scope: Scope, f: ChargerFilter, withState = needsChargerState(f)): Prisma.Sql {
  const parts: Prisma.Sql[] = [chargerScopeSql(scope, 'ch')];
  if (f.siteId?.length)
    parts.push(Prisma.sql`ch."siteId" IN (${Prisma.join(f.siteId.map((id) => Prisma.sql`${id}::uuid`))})`);
  if (f.vendorId) parts.push(Prisma.sql`ch."vendorId" = ${f.vendorId}::uuid`);
  if (f.city?.length) parts.push(Prisma.sql`s.city IN (${Prisma.join(f.city)})`);
  if (f.model?.length) parts.push(Prisma.sql`ch.model IN (${Prisma.join(f.model)})`);
  if (f.firmware?.length) parts.push(Prisma.sql`ch."firmwareVersion" IN (${Prisma.join(f.firmware)})`);
  if (f.protocol?.length)
    parts.push(Prisma.sql`ch.protocol::text IN (${Prisma.join(f.protocol.map((p) => Prisma.sql`${p}`))})`);
  if (f.state?.length)
    parts.push(Prisma.sql`${chargerStateRankSql} IN (${Prisma.join(f.state.map((s) => CHARGER_STATES.indexOf(s)))})`);
  if (f.online !== undefined) parts.push(Prisma.sql`ch.online = ${f.online}`);
  if (f.search) parts.push(Prisma.sql`ch.identity ILIKE ${`%${escapeLike(f.search)}%`}`);
  return Prisma.sql`${fromSql(scope, withState)} WHERE ${andAll(parts)}`;
}

// Each sort is a key of three columns (the sort's own value, then identity and id, which make it
// total), compared as a row so the next page is one keyset predicate. Values travel in the cursor
// as text and are cast back to the column's type.
type KeyPart = { sql: Prisma.Sql; cast: Prisma.Sql };
const TEXT = Prisma.sql`text`;
const SORT_KEYS: Record<ChargerSort, KeyPart> = {
  identity: { sql: Prisma.sql`ch.identity`, cast: TEXT },
  // Chargers without a site sort before every named site.
  site: { sql: Prisma.sql`COALESCE(s.name, '')`, cast: TEXT },
  state: { sql: chargerStateRankSql, cast: Prisma.sql`int` },
  // Never seen: before the oldest (ascending), after it (descending).
  lastSeen: { sql: Prisma.sql`COALESCE(ch."lastSeenAt", '-infinity'::timestamp)`, cast: Prisma.sql`timestamp` },
};

export type ChargerOrder = { key: ChargerSort; desc: boolean };

export function chargerOrderOf(sort: string): ChargerOrder {
  const desc = sort.startsWith('-');
  return { key: (desc ? sort.slice(1) : sort) as ChargerSort, desc };
}

/** The key columns selected as text (`k0`, `k1`, `k2`) to build the next cursor from. */
export function chargerKeyColumnsSql(o: ChargerOrder): Prisma.Sql {
  return Prisma.sql`${SORT_KEYS[o.key].sql}::text AS k0, ch.identity AS k1, ch.id::text AS k2`;
}

export function chargerOrderBySql(o: ChargerOrder): Prisma.Sql {
  const dir = Prisma.raw(o.desc ? 'DESC' : 'ASC');
  return Prisma.sql`${SORT_KEYS[o.key].sql} ${dir}, ch.identity ${dir}, ch.id ${dir}`;
}

export type ChargerKey = { k0: string; k1: string; k2: string };

/** `AND (key) > (cursor)` (or `<` descending), or nothing on the first page. */
export function chargerAfterSql(o: ChargerOrder, after: ChargerKey | null, { inclusive = false } = {}): Prisma.Sql {
  if (!after) return Prisma.empty;
  const part = SORT_KEYS[o.key];
  const op = Prisma.raw((o.desc ? '<' : '>') + (inclusive ? '=' : ''));
  return Prisma.sql`AND (${part.sql}, ch.identity, ch.id) ${op} (${after.k0}::${part.cast}, ${after.k1}, ${after.k2}::uuid)`;
}

// The identity order keeps the two-value cursor REST /chargers always had ([identity, id]); the
// other orders carry their own value first.
export function encodeChargerCursor(o: ChargerOrder, k: ChargerKey): string {
  return o.key === 'identity' ? encodeCursor([k.k1, k.k2]) : encodeCursor([o.key, k.k0, k.k1, k.k2]);
}

export function decodeChargerCursor(o: ChargerOrder, cursor: string | undefined): ChargerKey | null {
  if (!cursor) return null;
  const bad = () =>
    new AppError('BAD_INPUT', 'Not a page cursor for this sort: pass the nextCursor of the previous page');
  const v = decodeCursor(cursor, o.key === 'identity' ? 2 : 4).map((x) => (x === null ? null : String(x)));
  const [k0, k1, k2] = o.key === 'identity' ? [v[0], v[0], v[1]] : v[0] === o.key ? v.slice(1) : [null, null, null];
  if (k0 == null || k1 == null || k2 == null || !z.uuid().safeParse(k2).success) throw bad();
  if (o.key === 'state' && !/^\d$/.test(k0)) throw bad();
  if (o.key === 'lastSeen' && k0 !== '-infinity' && Number.isNaN(Date.parse(k0.replace(' ', 'T') + 'Z'))) throw bad();
  return { k0, k1, k2 };
}
