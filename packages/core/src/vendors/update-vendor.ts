import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { vendorFields } from './vendor-input.ts';
import { changes, recordAudit } from '../audit/record-audit.ts';

export const updateVendorInput = z.object({ id: z.uuid(), patch: vendorFields.partial() });

export async function updateVendor({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof updateVendorInput>;
}) {
  assertAdmin(scope);
  const { id, patch } = updateVendorInput.parse(input);
  return scopedDb(db, scope).$transaction(async (tx) => {
    const before = await tx.vendor.findFirst({ where: { id } });
    if (!before) throw new AppError('NOT_FOUND', 'No such vendor');
    const after = await tx.vendor.update({ where: { id }, data: patch });
    await recordAudit(tx, scope, {
      action: 'vendor.updated',
      entityType: 'Vendor',
      entityId: id,
      ...changes(before, after, Object.keys(patch)),
    });
    return after;
  });
}
