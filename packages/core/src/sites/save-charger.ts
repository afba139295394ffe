import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { chargerFields } from './site-input.ts';
import { changes, recordAudit } from '../audit/record-audit.ts';

async function siteVendor(db: Db, scope: Scope, siteId: string | null | undefined) {
  if (!siteId) return null;
  const site = await scopedDb(db, scope).site.findFirst({
    where: { id: siteId },
    select: { vendorId: true, name: true, archivedAt: true },
  });
  if (!site) throw new AppError('NOT_FOUND', 'No such site');
  if (site.archivedAt)
    throw new AppError('CONFLICT', `${site.name} is archived: restore it before adding chargers to it`);
  return site.vendorId;
}

export async function createCharger({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof chargerFields>;
}) {
  assertAdmin(scope);
  const data = chargerFields.parse(input);
  const vendorId = await siteVendor(db, scope, data.siteId);
  // Identities are unique per tenant; another tenant's charger with this identity is no conflict.
  const taken = await db.charger.findUnique({
    where: { tenantId_identity: { tenantId: scope.tenantId, identity: data.identity } },
    select: { id: true },
  });
  if (taken) throw new AppError('CONFLICT', `A charger named ${data.identity} already exists in this network`);
  return scopedDb(db, scope).$transaction(async (tx) => {
    const charger = await tx.charger.create({
      data: { ...data, vendorId, tenantId: scope.tenantId },
      omit: { passwordHash: true },
    });
    await recordAudit(tx, scope, {
      action: 'charger.created',
      entityType: 'Charger',
      entityId: charger.id,
      after: data,
    });
    return charger;
  });
}

export const updateChargerInput = z.object({ id: z.uuid(), patch: chargerFields.omit({ identity: true }).partial() });

export async function updateCharger({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof updateChargerInput>;
}) {
  assertAdmin(scope);
  const { id, patch } = updateChargerInput.parse(input);
  const data = patch.siteId !== undefined ? { ...patch, vendorId: await siteVendor(db, scope, patch.siteId) } : patch;
  return scopedDb(db, scope).$transaction(async (tx) => {
    // The Basic-auth hash never leaves the server.
    const before = await tx.charger.findFirst({ where: { id }, omit: { passwordHash: true } });
    if (!before) throw new AppError('NOT_FOUND', 'No such charger');
    const after = await tx.charger.update({ where: { id }, data, omit: { passwordHash: true } });
    await recordAudit(tx, scope, {
      action: 'charger.updated',
      entityType: 'Charger',
      entityId: id,
      ...changes(before, after, Object.keys(data)),
    });
    return after;
  });
}
