import type { ConnectorType, Db } from '@magma/db';
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
    include: {
      versions: {
        orderBy: { version: 'desc' },
        select: { id: true, version: true, activeFrom: true, publishedAt: true },
      },
    },
  });
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
