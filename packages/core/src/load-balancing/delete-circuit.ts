import type { Db } from '@magma/db';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { siteInScope } from './site-in-scope.ts';

// Delete a circuit with everything under it (sub-circuits and EVSE assignments cascade). The
// chargers keep the profiles they hold until the next rebalance of the site replaces them.

export const deleteCircuitInput = z.object({ siteId: z.uuid(), id: z.uuid() });
export type DeleteCircuitInput = z.input<typeof deleteCircuitInput>;

export async function deleteCircuit({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: DeleteCircuitInput;
}): Promise<{ deleted: number }> {
  assertAdmin(scope);
  const i = deleteCircuitInput.parse(input);
  await siteInScope(db, scope, i.siteId);
  const { count } = await scopedDb(db, scope).loadCircuit.deleteMany({ where: { id: i.id, siteId: i.siteId } });
  if (!count) throw new AppError('NOT_FOUND', 'No such circuit');
  return { deleted: count };
}
