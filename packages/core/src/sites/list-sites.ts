import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { cursorPageFields, decodeCursor, pageOf } from '../pagination/cursor-page.ts';
import { containsText } from '../search/like-pattern.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';

const siteListSelect = {
  id: true,
  name: true,
  address: true,
  city: true,
  state: true,
  postalCode: true,
  timezone: true,
  lat: true,
  lng: true,
  archivedAt: true,
  vendor: { select: { id: true, name: true } },
  _count: { select: { chargers: true } },
} satisfies Prisma.SiteSelect;

export const listSitesInput = z
  .object({
    /** Archived sites too (their sessions and statements still name them). */
    includeArchived: z.boolean().default(false),
  })
  .default({ includeArchived: false });

/** Every site the scope can see, by city and name: the pickers and the Sites page. Archived ones are left out. */
export async function listSites({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listSitesInput>;
}) {
  const { includeArchived } = listSitesInput.parse(input);
  return scopedDb(db, scope).site.findMany({
    where: includeArchived ? {} : { archivedAt: null },
    orderBy: [{ city: 'asc' }, { name: 'asc' }],
    select: siteListSelect,
  });
}

export const listSitesPageInput = z
  .object({
    /** Part of the name, address or city, case-insensitive. */
    search: z.string().trim().min(1).max(80).optional(),
    city: z.string().trim().min(1).max(60).optional(),
    vendorId: z.uuid().optional(),
    /** false (the default): current sites; true: archived ones only. */
    archived: z.boolean().optional(),
    ...cursorPageFields,
  })
  .default({ limit: 50 });

/**
 * The sites a page at a time (REST GET /sites), by name then id, each page after the previous
 * page's last site: a network with thousands of sites is read in pages, never in one answer.
 */
export async function listSitesPage({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listSitesPageInput>;
}) {
  const f = listSitesPageInput.parse(input);
  const after = f.cursor ? decodeCursor(f.cursor, 2) : null;
  if (after && (typeof after[0] !== 'string' || typeof after[1] !== 'string')) {
    throw new AppError('BAD_INPUT', 'Not a page cursor: pass the nextCursor of the previous page');
  }
  const rows = await scopedDb(db, scope).site.findMany({
    where: {
      archivedAt: f.archived ? { not: null } : null,
      vendorId: f.vendorId,
      ...(f.city ? { city: { equals: f.city, mode: 'insensitive' } } : {}),
      AND: [
        f.search
          ? {
              OR: [
                { name: containsText(f.search) },
                { address: containsText(f.search) },
                { city: containsText(f.search) },
              ],
            }
          : {},
        after
          ? { OR: [{ name: { gt: String(after[0]) } }, { name: String(after[0]), id: { gt: String(after[1]) } }] }
          : {},
      ],
    },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: f.limit + 1,
    select: siteListSelect,
  });
  return pageOf(rows, f.limit, (s) => [s.name, s.id]);
}

export const siteIdInput = z.object({ id: z.uuid() });

export async function getSite({ db, scope, input }: { db: Db; scope: Scope; input: z.input<typeof siteIdInput> }) {
  const { id } = siteIdInput.parse(input);
  const site = await scopedDb(db, scope).site.findFirst({
    where: { id },
    include: {
      vendor: { select: { id: true, name: true } },
      chargers: { select: { id: true, identity: true, status: true, online: true }, orderBy: { identity: 'asc' } },
    },
  });
  if (!site) throw new AppError('NOT_FOUND', 'No such site');
  return site;
}
