import type { Db } from '@magma/db';
import { findCharger } from '../device-model/charger-call.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';

/** The operator's charger (1.6 or 2.0.1): certificates are the operator's, never a vendor user's. */
export async function certificateCharger(db: Db, scope: Scope, chargerId: string) {
  assertOperator(scope);
  return findCharger(db, scope, chargerId, { need201: false });
}
