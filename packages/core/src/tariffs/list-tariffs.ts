import { z } from 'zod';
import type { ConnectorType, Db, Prisma } from '@magma/db';
import { afterCursor, cursorPageFields, pageOf } from '../pagination/cursor-page.ts';
import type { Scope } from '../tenancy/scope.ts';
import { siteNames, tariffReader } from './tariff-access.ts';

export type TariffAssignment = {
  siteId: string | null;
  siteName: string | null;
  connectorType: ConnectorType | null;
  priority: number;
};

export type TariffSummary = TariffAssignment & {
  id: string;
  name: string;
  description: string | null;
  archived: boolean;
  /** The version in force now (highest with activeFrom <= now), if any. */
  current: { id: string; version: number; activeFrom: Date; publishedAt: Date } | null;
  /** The highest version, which may start later than now. */
  latestVersion: number;
  updatedAt: Date;
};

/** "Fleet-wide", "Site Mall, Pune", "CCS2 connectors", "CCS2 connectors at Mall, Pune". */
export function describeAssignment(a: Pick<TariffAssignment, 'siteName' | 'connectorType'>): string {
  if (a.siteName && a.connectorType) return `${a.connectorType} connectors at ${a.siteName}`;
  if (a.siteName) return a.siteName;
  if (a.connectorType) return `${a.connectorType} connectors`;
  return 'Fleet-wide';
}

/** The tariffs the scope may read, with their version in force and where they apply. */
export async function listTariffs({
  db,
  scope,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  now?: Date;
}): Promise<TariffSummary[]> {
  const { sdb, where } = await tariffReader(db, scope);
  const rows = await sdb.tariff.findMany({
    where,
    orderBy: [{ archived: 'asc' }, { siteId: { sort: 'asc', nulls: 'first' } }, { priority: 'desc' }, { name: 'asc' }],
    include: TARIFF_VERSIONS,
  });
  return summaries(db, scope, rows, now);
}

const TARIFF_VERSIONS = {
  versions: {
    orderBy: { version: 'desc' },
    select: { id: true, version: true, activeFrom: true, publishedAt: true },
  },
} as const;

type TariffRow = Prisma.TariffGetPayload<{ include: typeof TARIFF_VERSIONS }>;

async function summaries(db: Db, scope: Scope, rows: TariffRow[], now: Date): Promise<TariffSummary[]> {
  const names = await siteNames(
    db,
    scope,
    rows.map((r) => r.siteId),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    archived: r.archived,
    siteId: r.siteId,
    siteName: r.siteId ? (names.get(r.siteId) ?? null) : null,
    connectorType: r.connectorType,
    priority: r.priority,
    current: r.versions.find((v) => v.activeFrom <= now) ?? null,
    latestVersion: r.versions[0]?.version ?? 0,
    updatedAt: r.updatedAt,
  }));
}

export const listTariffsPageInput = z.object({ ...cursorPageFields }).strict();

/** The tariffs the scope may read a page at a time (REST /tariffs), by name, keyset on (name, id). */
export async function listTariffsPage({
  db,
  scope,
  input,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listTariffsPageInput>;
  now?: Date;
}) {
  const f = listTariffsPageInput.parse(input ?? {});
  const { sdb, where } = await tariffReader(db, scope);
  const rows = await sdb.tariff.findMany({
    where: {
      AND: [where, afterCursor(f.cursor, { field: 'name', dir: 'asc', kind: 'string' }) as Prisma.TariffWhereInput],
    },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: f.limit + 1,
    include: TARIFF_VERSIONS,
  });
  const page = pageOf(rows, f.limit, (t) => [t.name, t.id]);
  return { items: await summaries(db, scope, page.items, now), nextCursor: page.nextCursor };
}
