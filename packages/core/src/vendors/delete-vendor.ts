import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';

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
  const { count } = await scopedDb(db, scope).vendor.deleteMany({ where: { id } });
  if (count === 0) throw new AppError('NOT_FOUND', 'No such vendor');
  return { id };
}
