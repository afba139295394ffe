import { z } from 'zod';
import { Prisma, type Db } from '@magma/db';
import type { Scope } from '../tenancy/scope.ts';
import {
  connectorColumnsSql,
  connectorFilterInput,
  connectorWhereSql,
  displayStatusSql,
  POWER_LEVELS,
  type ConnectorRow,
  type PowerLevel,
} from './connector-query.ts';

export const CONNECTOR_SORTS = ['identity', 'site', 'city', 'power', 'status', 'statusAt'] as const;
export type ConnectorSort = (typeof CONNECTOR_SORTS)[number];

export const listConnectorsInput = connectorFilterInput.extend({
  sort: z.enum(CONNECTOR_SORTS).default('identity'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const SORT_SQL: Record<ConnectorSort, Prisma.Sql> = {
  identity: Prisma.sql`ch.identity`,
  site: Prisma.sql`s.name`,
  city: Prisma.sql`s.city`,
  power: Prisma.sql`COALESCE(c."livePowerW", 0)`,
  status: displayStatusSql,
  statusAt: Prisma.sql`c."statusAt"`,
};

export type ConnectorPage = { rows: ConnectorRow[]; total: number; page: number; pageSize: number };

/** One page of the connector table, sorted server-side; ties broken by charger and connector. */
export async function listConnectors({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listConnectorsInput>;
}): Promise<ConnectorPage> {
  const f = listConnectorsInput.parse(input ?? {});
  const where = connectorWhereSql(scope, f);
  const dir = Prisma.raw(f.dir === 'desc' ? 'DESC NULLS LAST' : 'ASC NULLS LAST');
  const order = Prisma.sql`${SORT_SQL[f.sort]} ${dir}, ch.identity ASC, c."evseId" ASC, c."connectorId" ASC`;
  const [rows, [count]] = await Promise.all([
    db.$queryRaw<ConnectorRow[]>`SELECT ${connectorColumnsSql} ${where}
      ORDER BY ${order} LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
    db.$queryRaw<[{ n: number }]>`SELECT count(*)::int AS n ${where}`,
  ]);
  return { rows, total: count?.n ?? 0, page: f.page, pageSize: f.pageSize };
}

/** How many connectors a filter selects (what the CSV export will hold). */
export async function countConnectors({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof connectorFilterInput>;
}): Promise<number> {
  const f = connectorFilterInput.parse(input ?? {});
  const [row] = await db.$queryRaw<[{ n: number }]>`SELECT count(*)::int AS n ${connectorWhereSql(scope, f)}`;
  return row?.n ?? 0;
}

/** Options for the filter controls: the cities, sites, models and firmware versions the scope can see. */
export async function listConnectorFilterOptions({ db, scope }: { db: Db; scope: Scope }) {
  const where = connectorWhereSql(scope, {});
  const [sites, models, firmwares] = await Promise.all([
    db.$queryRaw<
      { id: string; name: string; city: string }[]
    >`SELECT DISTINCT s.id, s.name, s.city ${where} AND s.id IS NOT NULL ORDER BY s.city, s.name`,
    db.$queryRaw<{ model: string }[]>`SELECT DISTINCT ch.model ${where} AND ch.model IS NOT NULL ORDER BY ch.model`,
    db.$queryRaw<{ v: string }[]>`SELECT DISTINCT ch."firmwareVersion" AS v ${where}
      AND ch."firmwareVersion" IS NOT NULL ORDER BY 1 LIMIT 200`,
  ]);
  const cities = [...new Set(sites.map((s) => s.city))];
  const powerLevels = Object.entries(POWER_LEVELS).map(([value, { label }]) => ({ value: value as PowerLevel, label }));
  return { cities, sites, models: models.map((m) => m.model), firmwares: firmwares.map((m) => m.v), powerLevels };
}
