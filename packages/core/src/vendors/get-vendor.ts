import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';

export const vendorIdInput = z.object({ id: z.uuid() });

export async function getVendor({ db, scope, input }: { db: Db; scope: Scope; input: z.input<typeof vendorIdInput> }) {
  const { id } = vendorIdInput.parse(input);
  const vendor = await scopedDb(db, scope).vendor.findFirst({ where: { id } });
  if (!vendor) throw new AppError('NOT_FOUND', 'No such vendor');
  return vendor;
}
