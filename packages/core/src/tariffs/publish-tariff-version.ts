import { z } from 'zod';
import { ConnectorType, Prisma, type Db } from '@magma/db';
import {
  newTariffDefinitionSchema,
  parseNewTariffDefinition,
  TariffValidationError,
  type TariffDefinition,
} from '@magma/tariff';
import { AppError } from '../errors/app-error.ts';
import { enqueueEvent, eventIdOf } from '../events/index.ts';

/**
 * The largest definition (as JSON) that is published or previewed. Every version is kept and priced
 * for each session it applies to, so its size is bounded like any other input; a real tariff with
 * a window per hour of the week is a few kilobytes.
 */
export const MAX_TARIFF_DEFINITION_CHARS = 100_000;

/** What a tRPC procedure or REST handler validates before calling publishTariffVersion. */
export const publishTariffVersionInput = z.object({
  tariffId: z.uuid().optional(),
  name: z.string().trim().min(1).max(120).optional(),
  description: z.string().max(500).nullable().optional(),
  siteId: z.uuid().nullable().optional(),
  connectorType: z.enum(ConnectorType).nullable().optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  definition: newTariffDefinitionSchema.refine(
    (d) => JSON.stringify(d).length <= MAX_TARIFF_DEFINITION_CHARS,
    'That tariff is too large: split it, or use fewer price elements and windows',
  ),
  activeFrom: z.coerce.date().optional(),
});

export type PublishTariffVersionArgs = {
  db: Db;
  tenantId: string;
  /** An existing tariff to add a version to; a new tariff is created when absent. */
  tariffId?: string;
  /** For a new tariff: its name and where it applies (null = fleet-wide). */
  name?: string;
  description?: string | null;
  siteId?: string | null;
  connectorType?: ConnectorType | null;
  priority?: number;
  /** Unvalidated editor or API input. */
  definition: unknown;
  /** When the version takes effect; now when absent. Sessions starting earlier keep the older version. */
  activeFrom?: Date;
  publishedById?: string | null;
  now?: Date;
};

export type PublishedTariffVersion = {
  tariffId: string;
  versionId: string;
  version: number;
  activeFrom: Date;
  definition: TariffDefinition;
};

/**
 * Validates a definition and publishes it as the next immutable version of a tariff (creating the
 * tariff first when new), with an audit entry. Versions are numbered under a row lock on the
 * tariff, so concurrent publishes get consecutive numbers instead of a unique-key error.
 */
export async function publishTariffVersion(args: PublishTariffVersionArgs): Promise<PublishedTariffVersion> {
  const { db, tenantId } = args;
  let definition: TariffDefinition;
  try {
    definition = parseNewTariffDefinition(args.definition);
  } catch (e) {
    if (e instanceof TariffValidationError) throw new AppError('BAD_INPUT', e.message, { details: e.issues, cause: e });
    throw e;
  }
  // Drivers pay in the tenant's currency: a tariff in another would be charged as if it were it.
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { currency: true } });
  if (!tenant) throw new AppError('NOT_FOUND', 'Tenant not found');
  if (definition.currency !== tenant.currency) {
    const issue = {
      path: 'currency',
      message: `This operator bills in ${tenant.currency}: a tariff in ${definition.currency} cannot be published`,
    };
    throw new AppError('BAD_INPUT', issue.message, { details: [issue] });
  }
  const now = args.now ?? new Date();
  const activeFrom = args.activeFrom ?? now;

  return db.$transaction(async (tx) => {
    const tariffId = args.tariffId ?? (await createTariff(tx, args)).id;
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Tariff" WHERE id = ${tariffId}::uuid AND "tenantId" = ${tenantId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new AppError('NOT_FOUND', 'Tariff not found');

    const previous = await tx.tariffVersion.findFirst({
      where: { tariffId, tenantId },
      orderBy: { version: 'desc' },
      select: { id: true, version: true, activeFrom: true },
    });
    const version = (previous?.version ?? 0) + 1;
    const row = await tx.tariffVersion.create({
      data: {
        tenantId,
        tariffId,
        version,
        definition: definition as unknown as Prisma.InputJsonValue,
        activeFrom,
        publishedAt: now,
        publishedById: args.publishedById ?? null,
      },
    });
    await tx.tariff.update({ where: { id: tariffId }, data: { updatedAt: now } });
    await tx.auditLog.create({
      data: {
        tenantId,
        actorUserId: args.publishedById ?? null,
        action: 'tariff.version.published',
        entityType: 'TariffVersion',
        entityId: row.id,
        before: previous
          ? {
              tariffId,
              version: previous.version,
              versionId: previous.id,
              activeFrom: previous.activeFrom.toISOString(),
            }
          : Prisma.DbNull,
        after: {
          tariffId,
          version,
          activeFrom: activeFrom.toISOString(),
          definition: definition as unknown as Prisma.InputJsonValue,
        },
        at: now,
      },
    });
    const tariff = await tx.tariff.findUniqueOrThrow({ where: { id: tariffId }, select: { siteId: true } });
    await enqueueEvent(tx, {
      id: eventIdOf('tariff.published', row.id),
      type: 'tariff.published',
      tenantId,
      siteId: tariff.siteId,
      occurredAt: now,
      data: { tariffId, versionId: row.id, version, activeFrom: activeFrom.toISOString() },
    });
    return { tariffId, versionId: row.id, version, activeFrom, definition };
  });
}

async function createTariff(tx: Prisma.TransactionClient, args: PublishTariffVersionArgs): Promise<{ id: string }> {
  const name = args.name?.trim();
  if (!name) throw new AppError('BAD_INPUT', 'A new tariff needs a name');
  if (args.siteId) {
    const site = await tx.site.findFirst({ where: { id: args.siteId, tenantId: args.tenantId }, select: { id: true } });
    if (!site) throw new AppError('NOT_FOUND', 'Site not found');
  }
  return tx.tariff.create({
    data: {
      tenantId: args.tenantId,
      name,
      description: args.description ?? null,
      siteId: args.siteId ?? null,
      connectorType: args.connectorType ?? null,
      priority: args.priority ?? 0,
    },
    select: { id: true },
  });
}
