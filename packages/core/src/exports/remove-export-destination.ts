import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, scopedDb, type Scope } from '../tenancy/index.ts';

/** Removes the destination and its run history; what was exported stays in the bucket. */
export async function removeExportDestination({ db, scope }: { db: Db; scope: Scope }) {
  assertAdmin(scope);
  const { count } = await scopedDb(db, scope).exportDestination.deleteMany({});
  if (count === 0) throw new AppError('NOT_FOUND', 'No export destination is set up');
  return { removed: true as const };
}
