import { Prisma } from '@magma/db';
import type { Tx } from '../ledger/ledger-accounts.ts';

/**
 * Column types of a bulk insert: a PostgreSQL array type the values travel as, or `timestamp`,
 * `jsonb` or an enum's quoted name, which travel as text and are cast in the SELECT.
 */
export type ColumnType = 'uuid' | 'text' | 'int' | 'float8' | 'bool' | 'timestamp' | 'jsonb' | `"${string}"`;

const ARRAY_TYPES: Record<string, string> = {
  uuid: 'uuid[]',
  text: 'text[]',
  int: 'int[]',
  float8: 'float8[]',
  bool: 'bool[]',
};

function toParam(type: ColumnType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'timestamp') return (v as Date).toISOString().slice(0, 23);
  if (type === 'jsonb') return JSON.stringify(v);
  return v;
}

/**
 * Inserts rows with one statement per `chunk` rows: each column travels as one array parameter and
 * unnest() turns them back into rows (Prisma's createMany costs far more per row). Columns left out
 * take their database defaults; values are written as given, so callers pass complete records.
 */
export async function insertRows<R extends Record<string, unknown>>(
  tx: Tx,
  table: string,
  columns: { [K in keyof R & string]?: ColumnType },
  rows: readonly R[],
  chunk = 5000,
): Promise<void> {
  const cols = Object.entries(columns) as [string, ColumnType][];
  for (let i = 0; i < rows.length; i += chunk) {
    const page = rows.slice(i, i + chunk);
    const params = cols.map(([name, type]) => {
      const values = page.map((r) => toParam(type, r[name]));
      return Prisma.sql`${values}::${Prisma.raw(ARRAY_TYPES[type] ?? 'text[]')}`;
    });
    const selects = cols.map(([, type], j) =>
      Prisma.raw(
        type === 'timestamp'
          ? `u.c${j}::timestamp(3)`
          : type === 'jsonb' || type.startsWith('"')
            ? `u.c${j}::${type}`
            : `u.c${j}`,
      ),
    );
    await tx.$executeRaw`
      INSERT INTO ${Prisma.raw(`"${table}"`)} (${Prisma.raw(cols.map(([n]) => `"${n}"`).join(', '))})
      SELECT ${Prisma.join(selects)}
      FROM unnest(${Prisma.join(params)}) AS u(${Prisma.raw(cols.map((_, j) => `c${j}`).join(', '))})`;
  }
}
