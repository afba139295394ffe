import type { Db } from '@magma/db';
import { assertAdmin, scopedDb, type Scope } from '../tenancy/index.ts';
import { DESTINATION_VIEW } from './destination.ts';

/** The tenant's destination (null when none is set up), without its secret. */
export async function getExportDestination({ db, scope }: { db: Db; scope: Scope }) {
  assertAdmin(scope);
  return scopedDb(db, scope).exportDestination.findFirst({ select: DESTINATION_VIEW });
}
