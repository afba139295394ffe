import { AppError } from '../errors/app-error.ts';
import { decodeCursor, encodeCursor, type Page } from './cursor-page.ts';

// Keyset pages over one sortable, non-null column plus the row id as tie-breaker, both ways: the
// next page starts after this page's last row, and the previous page is read backwards from this
// page's cursor row, so "← Previous" needs no page history in the URL. Used by the lists that sort
// by a plain Prisma column (Cards, Payouts); the Chargers list has its own SQL-keyed version.

export type SortKey = {
  field: string;
  dir: 'asc' | 'desc';
  /** How the field's value travels in the cursor: a date as ISO text, a BigInt as a number. */
  kind: 'date' | 'string' | 'number';
};

export type TwoWayPage<T> = Page<T> & {
  hasPrevious: boolean;
  /** The previous page's cursor; null when that page is the first (fetched without a cursor). */
  previousCursor: string | null;
};

type Args = { where?: Record<string, unknown>; orderBy: Record<string, 'asc' | 'desc'>[]; take: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const bad = () => new AppError('BAD_INPUT', 'Not a page cursor: pass the nextCursor of the previous page');

function keyValue(raw: unknown, kind: SortKey['kind']): Date | string | number {
  if (kind === 'date') {
    const d = new Date(typeof raw === 'string' ? raw : Number.NaN);
    if (Number.isNaN(d.getTime())) throw bad();
    return d;
  }
  if (kind === 'number') {
    if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) throw bad();
    return raw;
  }
  if (typeof raw !== 'string') throw bad();
  return raw;
}

function cursorOf(value: unknown, id: string): string {
  const v = value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? Number(value) : value;
  return encodeCursor([v as string | number, id]);
}

/** Rows past `(value, id)` in the order `dir` (or at it, with `inclusive`), as a Prisma where. */
function pastKey(field: string, dir: 'asc' | 'desc', value: unknown, id: string, inclusive = false) {
  const op = dir === 'asc' ? 'gt' : 'lt';
  return {
    OR: [{ [field]: { [op]: value } }, { [field]: value, id: { [`${op}${inclusive ? 'e' : ''}`]: id } }],
  };
}

/**
 * One page of `find`'s rows in `sort` order after `cursor`, with the previous page's cursor.
 * `find` is the scoped client's findMany (with the caller's select); `where` the list's filter.
 */
export async function sortedPage<T extends { id: string }>({
  find,
  where,
  sort,
  cursor,
  limit,
}: {
  find: (args: Args) => Promise<T[]>;
  where: Record<string, unknown>;
  sort: SortKey;
  cursor?: string;
  limit: number;
}): Promise<TwoWayPage<T>> {
  const { field, dir, kind } = sort;
  let after: { value: Date | string | number; id: string } | null = null;
  if (cursor) {
    const [raw, id] = decodeCursor(cursor, 2);
    if (typeof id !== 'string' || !UUID.test(id)) throw bad();
    after = { value: keyValue(raw, kind), id };
  }
  const rows = await find({
    where: after ? { AND: [where, pastKey(field, dir, after.value, after.id)] } : where,
    orderBy: [{ [field]: dir }, { id: dir }],
    take: limit + 1,
  });
  const items = rows.slice(0, limit);
  const last = items[items.length - 1] as (T & Record<string, unknown>) | undefined;
  const nextCursor = rows.length > limit && last ? cursorOf(last[field], last.id) : null;
  if (!after) return { items, nextCursor, hasPrevious: false, previousCursor: null };
  // Backwards from the cursor row (the previous page's last row): limit rows are that page, and
  // a further row is the one that page starts after.
  const back = dir === 'asc' ? 'desc' : 'asc';
  const before = (await find({
    where: { AND: [where, pastKey(field, back, after.value, after.id, true)] },
    orderBy: [{ [field]: back }, { id: back }],
    take: limit + 1,
  })) as (T & Record<string, unknown>)[];
  const start = before.length > limit ? before[limit] : undefined;
  return {
    items,
    nextCursor,
    hasPrevious: before.length > 0,
    previousCursor: start ? cursorOf(start[field], start.id) : null,
  };
}
