import { z } from 'zod';
import { Prisma } from '@magma/db';
import type { Scope } from '../tenancy/scope.ts';
import { andAll, chargerScopeSql } from './sql-scope.ts';
import { escapeLike } from '../search/like-pattern.ts';

// The connector table's filters, shared by the page query, its count and the CSV export so the
// export holds exactly the rows the filter selects.

export const DISPLAY_STATUSES = [
  'charging',
  'available',
  'preparing',
  'suspended',
  'finishing',
  'reserved',
  'occupied',
  'unavailable',
  'faulted',
  'offline',
  'unknown',
] as const;
export type DisplayStatus = (typeof DISPLAY_STATUSES)[number];

/** Power classes by the connector's rated power (falling back to the charger's). */
export const POWER_LEVELS = {
  ac_slow: { label: 'AC ≤ 11 kW', min: null, max: 11 },
  ac_fast: { label: 'AC 11–22 kW', min: 11, max: 22 },
  dc_fast: { label: 'DC 22–60 kW', min: 22, max: 60 },
  dc_ultra: { label: 'DC > 60 kW', min: 60, max: null },
} as const;
export type PowerLevel = keyof typeof POWER_LEVELS;
const POWER_KEYS = Object.keys(POWER_LEVELS) as [PowerLevel, ...PowerLevel[]];

/** Accepts `a`, `a,b` (from a URL) or `['a','b']`; empty means no filter. */
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(50).optional());

export const connectorFilterInput = z.object({
  city: oneOrMany(z.string().trim().min(1).max(80)),
  siteId: oneOrMany(z.uuid()),
  model: oneOrMany(z.string().trim().min(1).max(120)),
  power: oneOrMany(z.enum(POWER_KEYS)),
  status: oneOrMany(z.enum(DISPLAY_STATUSES)),
  chargerId: z.uuid().optional(),
  search: z.string().trim().max(60).optional(),
});
export type ConnectorFilter = z.output<typeof connectorFilterInput>;

/** The status an operator reads: a charger that is offline makes all its connectors offline. */
export const displayStatusSql = Prisma.sql`(CASE
  WHEN NOT ch.online THEN 'offline'
  WHEN c.status IN ('SUSPENDED_EV', 'SUSPENDED_EVSE') THEN 'suspended'
  ELSE lower(c.status::text) END)`;

export const ratedKwSql = Prisma.sql`COALESCE(c."maxPowerKw", ch."maxPowerKw")`;

const FROM = Prisma.sql`FROM "Connector" c
  JOIN "Charger" ch ON ch.id = c."chargerId"
  LEFT JOIN "Site" s ON s.id = ch."siteId"`;

function powerSql(levels: readonly PowerLevel[]): Prisma.Sql {
  const parts = levels.map((k) => {
    const { min, max } = POWER_LEVELS[k];
    const lo = min === null ? Prisma.sql`TRUE` : Prisma.sql`${ratedKwSql} > ${min}`;
    const hi = max === null ? Prisma.sql`TRUE` : Prisma.sql`${ratedKwSql} <= ${max}`;
    return Prisma.sql`(${lo} AND ${hi})`;
  });
  return Prisma.sql`(${Prisma.join(parts, ' OR ')})`;
}

export function connectorWhereSql(scope: Scope, f: ConnectorFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [chargerScopeSql(scope, 'ch'), Prisma.sql`c."tenantId" = ${scope.tenantId}::uuid`];
  if (f.city?.length) parts.push(Prisma.sql`s.city IN (${Prisma.join(f.city)})`);
  if (f.siteId?.length)
    parts.push(Prisma.sql`ch."siteId" IN (${Prisma.join(f.siteId.map((id) => Prisma.sql`${id}::uuid`))})`);
  if (f.model?.length) parts.push(Prisma.sql`ch.model IN (${Prisma.join(f.model)})`);
  if (f.power?.length) parts.push(powerSql(f.power));
  if (f.status?.length) parts.push(Prisma.sql`${displayStatusSql} IN (${Prisma.join(f.status)})`);
  if (f.chargerId) parts.push(Prisma.sql`c."chargerId" = ${f.chargerId}::uuid`);
  if (f.search) parts.push(Prisma.sql`ch.identity ILIKE ${`%${escapeLike(f.search)}%`}`);
  return Prisma.sql`${FROM} WHERE ${andAll(parts)}`;
}

export const connectorColumnsSql = Prisma.sql`
  c.id, c."chargerId", ch.identity, ch.model, ch.protocol::text AS protocol, c."evseId", c."connectorId",
  c.type::text AS type, ${ratedKwSql}::float8 AS "ratedKw", s.id AS "siteId", s.name AS "siteName", s.city,
  c."livePowerW", c."liveSoc", c."liveEnergyWh", ${displayStatusSql} AS status, c.status::text AS "ocppStatus",
  c."errorCode", c."statusAt", ch.online`;

export type ConnectorRow = {
  id: string;
  chargerId: string;
  identity: string;
  model: string | null;
  protocol: string;
  evseId: number;
  connectorId: number;
  type: string;
  ratedKw: number | null;
  siteId: string | null;
  siteName: string | null;
  city: string | null;
  livePowerW: number | null;
  liveSoc: number | null;
  liveEnergyWh: number | null;
  status: DisplayStatus;
  ocppStatus: string;
  errorCode: string | null;
  statusAt: Date | null;
  online: boolean;
};
