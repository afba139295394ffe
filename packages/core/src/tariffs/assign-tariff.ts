import { z } from 'zod';
import { ConnectorType, type Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';

export const assignTariffInput = z.object({
  id: z.uuid(),
  name: z.string().trim().min(1, 'Give the tariff a name').max(120).optional(),
  /** null = every site. */
  siteId: z.uuid().nullable(),
  /** null = every connector type. */
  connectorType: z.enum(ConnectorType).nullable(),
  /** Between tariffs equally specific, the higher priority wins. */
  priority: z.number().int().min(-1000).max(1000),
});

/** Where a tariff applies (fleet-wide, a site, a connector type or both) and its priority; audited. */
export async function assignTariff({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof assignTariffInput>;
}) {
  assertAdmin(scope);
  const { id, ...patch } = assignTariffInput.parse(input);
  const sdb = scopedDb(db, scope);
  if (patch.siteId) {
    const site = await sdb.site.findFirst({ where: { id: patch.siteId }, select: { id: true } });
    if (!site) throw new AppError('NOT_FOUND', 'No such site');
  }
  return sdb.$transaction(async (tx) => {
    const before = await tx.tariff.findFirst({
      where: { id },
      select: { name: true, siteId: true, connectorType: true, priority: true },
    });
    if (!before) throw new AppError('NOT_FOUND', 'No such tariff');
    const after = { ...before, ...patch, name: patch.name ?? before.name };
    await tx.tariff.updateMany({ where: { id }, data: after });
    await tx.auditLog.create({
      data: {
        tenantId: scope.tenantId,
        actorUserId: scope.userId,
        action: 'tariff.assigned',
        entityType: 'Tariff',
        entityId: id,
        before,
        after,
      },
    });
    return { id, ...after };
  });
}

export const archiveTariffInput = z.object({ id: z.uuid(), archived: z.boolean().default(true) });

/**
 * Archiving takes a tariff out of use (no connector resolves to it any more) and keeps its versions
 * for the sessions priced with them; restoring puts it back. Audited.
 */
export async function archiveTariff({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof archiveTariffInput>;
}) {
  assertAdmin(scope);
  const { id, archived } = archiveTariffInput.parse(input);
  return scopedDb(db, scope).$transaction(async (tx) => {
    const { count } = await tx.tariff.updateMany({ where: { id }, data: { archived } });
    if (count === 0) throw new AppError('NOT_FOUND', 'No such tariff');
    await tx.auditLog.create({
      data: {
        tenantId: scope.tenantId,
        actorUserId: scope.userId,
        action: archived ? 'tariff.archived' : 'tariff.restored',
        entityType: 'Tariff',
        entityId: id,
        before: { archived: !archived },
        after: { archived },
      },
    });
    return { id, archived };
  });
}
