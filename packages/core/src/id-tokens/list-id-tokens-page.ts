import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { cursorPageFields } from '../pagination/cursor-page.ts';
import { blankless, zonedTimestamp } from '../pagination/list-csv.ts';
import { sortedPage, type SortKey } from '../pagination/sorted-page.ts';
import { csvLine } from '../fleet/csv.ts';
import { containsText } from '../search/like-pattern.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { isVendorScope, type Scope } from '../tenancy/scope.ts';
import { listed, MANAGED_TOKEN_TYPES, view } from './id-tokens.ts';

// The Cards list at fleet scale (the Cards page, its CSV and REST /id-tokens): server-side filters
// (status as the page shows it, kind, vendor, text), four orders, keyset pages both ways.

export const ID_TOKEN_SORTS = {
  '-createdAt': { field: 'createdAt', dir: 'desc', kind: 'date' },
  createdAt: { field: 'createdAt', dir: 'asc', kind: 'date' },
  token: { field: 'token', dir: 'asc', kind: 'string' },
  '-token': { field: 'token', dir: 'desc', kind: 'string' },
} as const satisfies Record<string, SortKey>;

export const idTokenFilterInput = z
  .object({
    /** Text anywhere in the card id, its name or its group id. */
    q: z.string().trim().max(80).optional(),
    /** As the Cards page shows it: ACCEPTED is an active card (not past its expiry), EXPIRED includes lapsed ones. */
    status: z.enum(['ACCEPTED', 'BLOCKED', 'EXPIRED', 'INVALID']).optional(),
    type: z.enum(MANAGED_TOKEN_TYPES).optional(),
    /** An operator's filter; a vendor user always sees its own vendor's cards. */
    vendorId: z.uuid().optional(),
    sort: z.enum(Object.keys(ID_TOKEN_SORTS) as [keyof typeof ID_TOKEN_SORTS]).default('-createdAt'),
  })
  .strict();

export const listIdTokensPageInput = idTokenFilterInput.extend(cursorPageFields);

type Filter = z.output<typeof idTokenFilterInput>;

function statusWhere(status: Filter['status'], now: Date): Prisma.IdTokenWhereInput {
  if (status === 'ACCEPTED') return { status, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  if (status === 'EXPIRED') return { OR: [{ status }, { status: 'ACCEPTED', expiresAt: { lte: now } }] };
  return status ? { status } : {};
}

function idTokenWhere(f: Filter, scope: Scope, now: Date): Prisma.IdTokenWhereInput {
  return {
    type: f.type ? f.type : { in: [...MANAGED_TOKEN_TYPES] },
    ...(f.vendorId && !isVendorScope(scope) ? { vendorId: f.vendorId } : {}),
    AND: [
      statusWhere(f.status, now),
      f.q
        ? { OR: [{ token: containsText(f.q) }, { label: containsText(f.q) }, { parentToken: containsText(f.q) }] }
        : {},
    ],
  };
}

/** The cards a page at a time: the filter, in the chosen order, with next and previous cursors. */
export async function listIdTokensPage({
  db,
  scope,
  input = {},
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listIdTokensPageInput>;
  now?: Date;
}) {
  const { cursor, limit, ...f } = listIdTokensPageInput.parse(input);
  const sdb = scopedDb(db, scope);
  const page = await sortedPage({
    find: (args) =>
      sdb.idToken.findMany({
        ...(args as Prisma.IdTokenFindManyArgs),
        select: { ...listed, vendorId: true },
      }),
    where: idTokenWhere(f, scope, now) as Record<string, unknown>,
    sort: ID_TOKEN_SORTS[f.sort],
    cursor,
    limit,
  });
  return { ...page, items: page.items.map(view) };
}

/** How many cards the filter selects (the page's "n cards" line). */
export async function countIdTokens({
  db,
  scope,
  input = {},
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof idTokenFilterInput>;
  now?: Date;
}) {
  const f = idTokenFilterInput.parse(input);
  return scopedDb(db, scope).idToken.count({ where: idTokenWhere(f, scope, now) });
}

/** More rows than this is not a list anyone reads: the export asks for a narrower filter. */
export const MAX_ID_TOKEN_EXPORT_ROWS = 200_000;

const HEADER = [
  'card_id',
  'kind',
  'status',
  'name',
  'group_id',
  'vendor',
  'expires_at',
  'registered_at',
  'sessions',
] as const;

/**
 * The Cards list as CSV in the page's order, streamed in keyset batches through the scoped client;
 * times in the tenant's time zone with the offset; refused before the first byte past maxRows.
 */
export async function* exportIdTokensCsv({
  db,
  scope,
  input,
  batchSize = 1000,
  maxRows = MAX_ID_TOKEN_EXPORT_ROWS,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input?: Record<string, unknown>;
  batchSize?: number;
  maxRows?: number;
  now?: Date;
}): AsyncGenerator<string> {
  const f = idTokenFilterInput.parse(blankless(input ?? {}));
  const sdb = scopedDb(db, scope);
  const where = idTokenWhere(f, scope, now);
  const [count, tenant] = await Promise.all([
    sdb.idToken.count({ where }),
    db.tenant.findUniqueOrThrow({ where: { id: scope.tenantId }, select: { timezone: true } }),
  ]);
  if (count > maxRows)
    throw new AppError(
      'BAD_INPUT',
      `The filter selects ${count.toLocaleString('en-IN')} cards; an export holds at most ${maxRows.toLocaleString('en-IN')}: narrow it`,
    );
  const tz = tenant.timezone;
  yield csvLine(HEADER);
  let cursor: string | undefined;
  do {
    const page = await sortedPage({
      find: (args) =>
        sdb.idToken.findMany({
          ...(args as Prisma.IdTokenFindManyArgs),
          select: { ...listed, vendor: { select: { name: true } } },
        }),
      where: where as Record<string, unknown>,
      sort: ID_TOKEN_SORTS[f.sort],
      cursor,
      limit: batchSize,
    });
    if (page.items.length)
      yield page.items
        .map((c) => {
          const lapsed = c.status === 'ACCEPTED' && c.expiresAt !== null && c.expiresAt <= now;
          return csvLine([
            c.token,
            c.type,
            lapsed ? 'EXPIRED' : c.status,
            c.label,
            c.parentToken,
            c.vendor?.name,
            zonedTimestamp(c.expiresAt, tz),
            zonedTimestamp(c.createdAt, tz),
            c._count.transactions,
          ]);
        })
        .join('');
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
