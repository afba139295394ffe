import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { afterCursor, cursorPageFields, pageOf } from '../pagination/cursor-page.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';

const VENDOR_ROW = {
  id: true,
  name: true,
  legalName: true,
  contactEmail: true,
  revenueShareBps: true,
  _count: { select: { sites: true, chargers: true, memberships: true } },
} as const;

/** Operators see every vendor of the tenant; a vendor user sees only its own. */
export async function listVendors({ db, scope }: { db: Db; scope: Scope }) {
  return scopedDb(db, scope).vendor.findMany({
    orderBy: { name: 'asc' },
    select: VENDOR_ROW,
  });
}

export const listVendorsPageInput = z.object({ ...cursorPageFields }).strict();

/** Vendors a page at a time (REST /vendors), by name, keyset on (name, id); a vendor user: its own. */
export async function listVendorsPage({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listVendorsPageInput>;
}) {
  const f = listVendorsPageInput.parse(input ?? {});
  const rows = await scopedDb(db, scope).vendor.findMany({
    where: afterCursor(f.cursor, { field: 'name', dir: 'asc', kind: 'string' }) as Prisma.VendorWhereInput,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: f.limit + 1,
    select: VENDOR_ROW,
  });
  return pageOf(rows, f.limit, (v) => [v.name, v.id]);
}
