import type { Db } from '@magma/db';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';

/** Operators see every vendor of the tenant; a vendor user sees only its own. */
export async function listVendors({ db, scope }: { db: Db; scope: Scope }) {
  return scopedDb(db, scope).vendor.findMany({
    orderBy: { name: 'asc' },
    select: {
      id: true,
      name: true,
      legalName: true,
      contactEmail: true,
      revenueShareBps: true,
      _count: { select: { sites: true, chargers: true, memberships: true } },
    },
  });
}
