import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { features } from '../tenancy/features.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { siteFields } from './site-input.ts';
import { changes, recordAudit } from '../audit/record-audit.ts';

async function assertVendorInScope(db: Db, scope: Scope, vendorId: string | null | undefined) {
  if (!vendorId) return;
  const v = await scopedDb(db, scope).vendor.findFirst({ where: { id: vendorId }, select: { id: true } });
  if (!v) throw new AppError('NOT_FOUND', 'No such vendor');
}

export async function createSite({ db, scope, input }: { db: Db; scope: Scope; input: z.input<typeof siteFields> }) {
  assertAdmin(scope);
  const data = siteFields.parse(input);
  const sdb = scopedDb(db, scope);
  const tenant = await sdb.tenant.findFirst({ select: { plan: true } });
  if (!tenant) throw new AppError('NOT_FOUND', 'Tenant not found');
  if (!features(tenant.plan).multiSite && (await sdb.site.count()) >= 1) {
    throw new AppError('FORBIDDEN', 'The Vendor CSMS plan covers one site; upgrade to Operator CSMS for more');
  }
  await assertVendorInScope(db, scope, data.vendorId);
  return sdb.$transaction(async (tx) => {
    const site = await tx.site.create({ data: { ...data, tenantId: scope.tenantId } });
    await recordAudit(tx, scope, { action: 'site.created', entityType: 'Site', entityId: site.id, after: data });
    return site;
  });
}

export const updateSiteInput = z.object({ id: z.uuid(), patch: siteFields.partial() });

export async function updateSite({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof updateSiteInput>;
}) {
  assertAdmin(scope);
  const { id, patch } = updateSiteInput.parse(input);
  await assertVendorInScope(db, scope, patch.vendorId);
  const sdb = scopedDb(db, scope);
  return sdb.$transaction(async (tx) => {
    const before = await tx.site.findFirst({ where: { id } });
    if (!before) throw new AppError('NOT_FOUND', 'No such site');
    const after = await tx.site.update({ where: { id }, data: patch });
    await recordAudit(tx, scope, {
      action: 'site.updated',
      entityType: 'Site',
      entityId: id,
      ...changes(before, after, Object.keys(patch)),
    });
    // Chargers carry the site's vendor so vendor scope stays one indexed predicate.
    if (patch.vendorId !== undefined)
      await tx.charger.updateMany({ where: { siteId: id }, data: { vendorId: patch.vendorId } });
    return after;
  });
}
