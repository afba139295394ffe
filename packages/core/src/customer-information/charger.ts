import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';

/** The operator's 2.0.1 charger, found through the scope: CustomerInformation is 2.0.1's (N09). */
export async function customerInfoCharger(db: Db, scope: Scope, chargerId: string) {
  assertOperator(scope);
  const charger = await scopedDb(db, scope).charger.findFirst({
    where: { id: chargerId },
    select: { id: true, protocol: true, identity: true },
  });
  if (!charger) throw new AppError('NOT_FOUND', 'No such charger');
  if (charger.protocol !== 'OCPP201')
    throw new AppError(
      'BAD_INPUT',
      'Customer information is OCPP 2.0.1 (CustomerInformation): this charger speaks OCPP 1.6',
    );
  return charger;
}
