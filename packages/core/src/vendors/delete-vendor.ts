import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { recordAudit } from '../audit/record-audit.ts';

export const deleteVendorInput = z.object({ id: z.uuid() });

/** Removes the vendor and its users' access; its sites and chargers stay with the operator. */
export async function deleteVendor({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof deleteVendorInput>;
}) {
  assertAdmin(scope);
  const { id } = deleteVendorInput.parse(input);
  return scopedDb(db, scope).$transaction(async (tx) => {
    const vendor = await tx.vendor.findFirst({ where: { id }, select: { name: true } });
    if (!vendor) throw new AppError('NOT_FOUND', 'No such vendor');
    await tx.vendor.deleteMany({ where: { id } });
    await recordAudit(tx, scope, { action: 'vendor.deleted', entityType: 'Vendor', entityId: id, before: vendor });
    return { id };
  });
}
