import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';

/** The operator's charger, found through the scope (firmware and logs are the operator's). */
export async function operatorCharger(db: Db, scope: Scope, chargerId: string) {
  assertOperator(scope);
  const charger = await scopedDb(db, scope).charger.findFirst({
    where: { id: z.uuid().parse(chargerId) },
    select: { id: true, protocol: true, identity: true, tenantId: true },
  });
  if (!charger) throw new AppError('NOT_FOUND', 'No such charger');
  return charger;
}
