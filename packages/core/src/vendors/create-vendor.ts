import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { features } from '../tenancy/features.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { vendorFields, type VendorFields } from './vendor-input.ts';
import { recordAudit } from '../audit/record-audit.ts';

export async function createVendor({ db, scope, input }: { db: Db; scope: Scope; input: VendorFields }) {
  assertAdmin(scope);
  const data = vendorFields.parse(input);
  const sdb = scopedDb(db, scope);
  const tenant = await sdb.tenant.findFirst({ select: { plan: true } });
  if (!tenant || !features(tenant.plan).vendorAccounts) {
    throw new AppError('FORBIDDEN', 'Vendor sub-accounts are part of the Operator CSMS plan');
  }
  return sdb.$transaction(async (tx) => {
    const vendor = await tx.vendor.create({ data: { ...data, tenantId: scope.tenantId } });
    await recordAudit(tx, scope, { action: 'vendor.created', entityType: 'Vendor', entityId: vendor.id, after: data });
    return vendor;
  });
}
