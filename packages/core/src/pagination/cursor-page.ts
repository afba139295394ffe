import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

// Keyset ("cursor") pages for lists that grow without bound: a page is `{ items, nextCursor }`, and
// the next page starts after the last row of this one, by the list's own sort key. Unlike an offset,
// a cursor neither skips nor repeats rows when rows are added between two pages, and it costs one
// index seek however deep the page. The cursor is opaque to callers: the sort key's values, as
// base64url JSON, checked on the way back in.

export const MAX_PAGE = 500;

/** The page fields every paged list takes: `cursor` from the previous page, `limit` rows at most. */
export const cursorPageFields = {
  /** The previous page's `nextCursor`; absent: the first page. */
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
};

export type Page<T> = { items: T[]; nextCursor: string | null };

type KeyValue = string | number | null;

export function encodeCursor(key: KeyValue[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key a cursor carries, with `arity` values each a string, number or null; else BAD_INPUT. */
export function decodeCursor(cursor: string, arity: number): KeyValue[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('BAD_INPUT', 'Not a page cursor: pass the nextCursor of the previous page');
  }
  const ok =
    Array.isArray(key) &&
    key.length === arity &&
    key.every((v) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)));
  if (!ok) throw new AppError('BAD_INPUT', 'Not a page cursor: pass the nextCursor of the previous page');
  return key as KeyValue[];
}

/**
 * A page from rows fetched with `take: limit + 1`: the extra row only says whether there is a next
 * page, whose cursor is the sort key of this page's last row.
 */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => KeyValue[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Prisma `where` of the rows after a cursor for lists ordered by `(field dir, id dir)`: rows
 * whose field is past the cursor's, or equal with a later id. `kind` says how the field's value
 * travels in the cursor (a date as ISO text); a value of another kind, or an id that is no uuid,
 * is BAD_INPUT rather than a database error.
 */
export function afterCursor(
  cursor: string | undefined,
  { field, dir, kind }: { field: string; dir: 'asc' | 'desc'; kind: 'date' | 'string' | 'number' },
): Record<string, unknown> {
  if (!cursor) return {};
  const [raw, id] = decodeCursor(cursor, 2);
  const bad = () => new AppError('BAD_INPUT', 'Not a page cursor: pass the nextCursor of the previous page');
  if (typeof id !== 'string' || !UUID.test(id)) throw bad();
  let value: Date | string | number;
  if (kind === 'date') {
    value = new Date(typeof raw === 'string' ? raw : Number.NaN);
    if (Number.isNaN(value.getTime())) throw bad();
  } else if (kind === 'number') {
    if (typeof raw !== 'number') throw bad();
    value = raw;
  } else {
    if (typeof raw !== 'string') throw bad();
    value = raw;
  }
  const op = dir === 'asc' ? 'gt' : 'lt';
  return { OR: [{ [field]: { [op]: value } }, { [field]: value, id: { [op]: id } }] };
}
