import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';

/** The site as the scope sees it (a vendor user: its own sites only), or NOT_FOUND. */
export async function siteInScope(db: Db, scope: Scope, siteId: string): Promise<{ id: string; name: string }> {
  const site = await scopedDb(db, scope).site.findFirst({ where: { id: siteId }, select: { id: true, name: true } });
  if (!site) throw new AppError('NOT_FOUND', 'No such site');
  return site;
}
