import { Prisma } from '@magma/db';
import { assertValidScope, isVendorScope, type Scope } from '../tenancy/scope.ts';

// The dashboard's aggregate and list queries are hand-written SQL (date_bin, window functions,
// keyset pages), which the scoped Prisma client cannot filter. Every such query starts its WHERE
// with this predicate on the charger row, so scoping stays one function, not a habit.

/** `ch."tenantId" = … [AND ch."vendorId" = …]` for a charger table aliased `alias`. */
export function chargerScopeSql(scope: Scope, alias = 'ch'): Prisma.Sql {
  assertValidScope(scope);
  const a = Prisma.raw(`"${alias}"`);
  const tenant = Prisma.sql`${a}."tenantId" = ${scope.tenantId}::uuid`;
  if (!isVendorScope(scope)) return tenant;
  return Prisma.sql`${tenant} AND ${a}."vendorId" = ${scope.vendorId}::uuid`;
}

/** The same predicate for a table that carries its own tenantId and vendorId (Transaction, Fault). */
export function ownScopeSql(scope: Scope, alias: string): Prisma.Sql {
  return chargerScopeSql(scope, alias);
}

export const andAll = (parts: Prisma.Sql[]): Prisma.Sql =>
  parts.length === 0 ? Prisma.sql`TRUE` : Prisma.join(parts, ' AND ');
