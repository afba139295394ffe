import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { vendorFields } from './vendor-input.ts';

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
  const sdb = scopedDb(db, scope);
  const { count } = await sdb.vendor.updateMany({ where: { id }, data: patch });
  if (count === 0) throw new AppError('NOT_FOUND', 'No such vendor');
  return sdb.vendor.findFirstOrThrow({ where: { id } });
}
