import type { Db, Prisma } from '@magma/db';
import { scopedDb, type ScopedDb } from '../tenancy/scoped-db.ts';
import { isVendorScope, tenantScope, type Scope } from '../tenancy/scope.ts';

export type TariffReader = {
  /** Reads Tariff and TariffVersion rows of the scope's tenant. */
  sdb: ScopedDb;
  /** Narrows Tariff reads to what the scope may see. */
  where: Prisma.TariffWhereInput;
  /** The vendor's own sites, or null for operator scopes (who see every site). */
  vendorSiteIds: string[] | null;
};

/**
 * Tariffs are operator rows, and the scoped client refuses them to vendor users outright. A vendor
 * user may still read the tariffs that apply to its sites: fleet-wide and connector-type tariffs
 * and those of its own sites, never archived ones. So its site list comes through its own scope,
 * and the tariff reads through the tenant's, narrowed to those sites. Writes never use this.
 */
export async function tariffReader(db: Db, scope: Scope): Promise<TariffReader> {
  if (!isVendorScope(scope)) return { sdb: scopedDb(db, scope), where: {}, vendorSiteIds: null };
  const sites = await scopedDb(db, scope).site.findMany({ select: { id: true } });
  const vendorSiteIds = sites.map((s) => s.id);
  return {
    sdb: scopedDb(db, tenantScope(scope.tenantId, 'OPERATOR_STAFF', scope.userId)),
    where: { archived: false, OR: [{ siteId: null }, { siteId: { in: vendorSiteIds } }] },
    vendorSiteIds,
  };
}

/** Site names by id, through the caller's own scope (a vendor user only resolves its own sites). */
export async function siteNames(db: Db, scope: Scope, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await scopedDb(db, scope).site.findMany({
    where: { id: { in: wanted } },
    select: { id: true, name: true, city: true },
  });
  return new Map(rows.map((s) => [s.id, `${s.name}, ${s.city}`]));
}
