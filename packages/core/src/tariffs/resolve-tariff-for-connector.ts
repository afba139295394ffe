import type { ConnectorType, Db } from '@magma/db';
import { parseTariffDefinition, selectTariff, type TariffDefinition } from '@magma/tariff';
import { AppError } from '../errors/app-error.ts';

export type ResolvedTariff = {
  tariffId: string;
  tariffName: string;
  versionId: string;
  version: number;
  activeFrom: Date;
  definition: TariffDefinition;
};

export type ResolveTariffForConnectorArgs = {
  db: Db;
  tenantId: string;
  at: Date;
} & ({ connectorRowId: string } | { siteId: string | null; connectorType: ConnectorType | null });

/**
 * The tariff version that applies to a connector at an instant. Among the tenant's non-archived
 * tariffs that have a version active at `at` (the highest version with activeFrom <= at), the most
 * specific scope wins (site + connector type > site > connector type > fleet-wide), then the
 * higher priority, then the most recently created tariff. Null when none applies.
 */
export async function resolveTariffForConnector(args: ResolveTariffForConnectorArgs): Promise<ResolvedTariff | null> {
  const { db, tenantId, at } = args;
  let siteId: string | null;
  let connectorType: ConnectorType | null;
  if ('connectorRowId' in args) {
    const c = await db.connector.findFirst({
      where: { id: args.connectorRowId, tenantId },
      select: { type: true, charger: { select: { siteId: true } } },
    });
    if (!c) throw new AppError('NOT_FOUND', 'Connector not found');
    siteId = c.charger.siteId;
    connectorType = c.type;
  } else {
    siteId = args.siteId;
    connectorType = args.connectorType;
  }

  const tariffs = await db.tariff.findMany({
    where: {
      tenantId,
      archived: false,
      OR: siteId ? [{ siteId: null }, { siteId }] : [{ siteId: null }],
      AND: [{ OR: connectorType ? [{ connectorType: null }, { connectorType }] : [{ connectorType: null }] }],
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    include: {
      versions: { where: { tenantId, activeFrom: { lte: at } }, orderBy: { version: 'desc' }, take: 1 },
    },
  });
  const best = selectTariff(
    tariffs.filter((t) => t.versions.length > 0),
    { siteId, connectorType },
  );
  const v = best?.versions[0];
  if (!best || !v) return null;
  return {
    tariffId: best.id,
    tariffName: best.name,
    versionId: v.id,
    version: v.version,
    activeFrom: v.activeFrom,
    definition: parseTariffDefinition(v.definition),
  };
}
