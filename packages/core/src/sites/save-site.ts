import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { features } from '../tenancy/features.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { siteFields } from './site-input.ts';

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
  return sdb.site.create({ data: { ...data, tenantId: scope.tenantId } });
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
    const { count } = await tx.site.updateMany({ where: { id }, data: patch });
    if (count === 0) throw new AppError('NOT_FOUND', 'No such site');
    // Chargers carry the site's vendor so vendor scope stays one indexed predicate.
    if (patch.vendorId !== undefined)
      await tx.charger.updateMany({ where: { siteId: id }, data: { vendorId: patch.vendorId } });
    return tx.site.findFirstOrThrow({ where: { id } });
  });
}
