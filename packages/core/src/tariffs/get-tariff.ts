import { z } from 'zod';
import type { Db } from '@magma/db';
import { parseTariffDefinition, type TariffDefinition } from '@magma/tariff';
import { AppError } from '../errors/app-error.ts';
import { isVendorScope, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { describeTariffChanges } from './describe-tariff-changes.ts';
import { siteNames, tariffReader } from './tariff-access.ts';
import type { TariffSummary } from './list-tariffs.ts';

export const tariffIdInput = z.object({ id: z.uuid() });

export type TariffVersionEntry = {
  id: string;
  version: number;
  activeFrom: Date;
  publishedAt: Date;
  /** Who published it; hidden from vendor users. */
  publishedBy: string | null;
  definition: TariffDefinition;
  /** What this version changed from the one before, in words. */
  changes: string[];
};

export type TariffDetail = TariffSummary & { timeZone: string; versions: TariffVersionEntry[] };

/** One tariff with every version, newest first, and what each publish changed. */
export async function getTariff({
  db,
  scope,
  input,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof tariffIdInput>;
  now?: Date;
}): Promise<TariffDetail> {
  const { id } = tariffIdInput.parse(input);
  const { sdb, where } = await tariffReader(db, scope);
  const row = await sdb.tariff.findFirst({
    where: { AND: [where, { id }] },
    include: { versions: { orderBy: { version: 'desc' } } },
  });
  if (!row) throw new AppError('NOT_FOUND', 'No such tariff');
  const tenant = await sdb.tenant.findFirstOrThrow({ select: { timezone: true } });

  const publisherIds = [...new Set(row.versions.map((v) => v.publishedById).filter((u): u is string => u !== null))];
  const publishers =
    isVendorScope(scope) || publisherIds.length === 0
      ? new Map<string, string>()
      : new Map(
          (
            await scopedDb(db, scope).user.findMany({
              where: { id: { in: publisherIds } },
              select: { id: true, name: true, email: true },
            })
          ).map((u) => [u.id, u.name ?? u.email]),
        );

  const definitions = row.versions.map((v) => parseTariffDefinition(v.definition));
  const versions = row.versions.map((v, i) => ({
    id: v.id,
    version: v.version,
    activeFrom: v.activeFrom,
    publishedAt: v.publishedAt,
    publishedBy: v.publishedById ? (publishers.get(v.publishedById) ?? null) : null,
    definition: definitions[i]!,
    changes: describeTariffChanges(definitions[i + 1] ?? null, definitions[i]!),
  }));
  const current = row.versions.find((v) => v.activeFrom <= now) ?? null;
  const names = await siteNames(db, scope, [row.siteId]);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    archived: row.archived,
    siteId: row.siteId,
    siteName: row.siteId ? (names.get(row.siteId) ?? null) : null,
    connectorType: row.connectorType,
    priority: row.priority,
    current: current && {
      id: current.id,
      version: current.version,
      activeFrom: current.activeFrom,
      publishedAt: current.publishedAt,
    },
    latestVersion: row.versions[0]?.version ?? 0,
    updatedAt: row.updatedAt,
    timeZone: tenant.timezone,
    versions,
  };
}
