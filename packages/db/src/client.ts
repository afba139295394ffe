import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, Prisma } from './generated/prisma/client.ts';

export type Db = InstanceType<typeof PrismaClient>;

export type CreateDbOptions = {
  url: string;
  /** Pool size; the relay and the web app size it for their own load. */
  max?: number;
  applicationName?: string;
  /**
   * How long an idle pooled connection is kept (ms; 0 = for as long as the pool lives). The relay
   * keeps its connections: each one holds the hot statements already prepared, and a new one costs
   * a PostgreSQL backend start plus a re-prepare in the middle of a charger's message.
   */
  idleTimeoutMs?: number;
};

// Every client owns its pg pool: Prisma runs on it, and so do the hot statements of `sqlQuery`.
const pools = new WeakMap<object, pg.Pool>();

/** The one client factory, used by the web app, the relay, scripts and tests alike. */
export function createDb({ url, max = 10, applicationName = 'magma', idleTimeoutMs = 10_000 }: CreateDbOptions): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: applicationName,
    idleTimeoutMillis: idleTimeoutMs,
    // The named statements of `sqlQuery` are planned once: their parameters are keys, never values
    // that should change the plan. Left to choose, PostgreSQL keeps re-planning a statement whose
    // generic plan it estimates dearer (the relay's meter batch: 0.7 ms of planning per run).
    // Unnamed statements (Prisma's) are planned per run whatever this says.
    options: '-c plan_cache_mode=force_generic_plan',
  });
  // An idle connection the server ends (a restart, a terminated backend) leaves the pool by itself;
  // the next query opens another. Without a listener the pool's 'error' would end the process.
  pool.on('error', () => {});
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  // Prisma ends the pool only if it used it; `sqlQuery` alone may have opened connections.
  const disconnect = db.$disconnect.bind(db);
  db.$disconnect = async () => {
    await disconnect();
    if (!pool.ended) await pool.end();
  };
  pools.set(db, pool);
  return db;
}

// Results read the way Prisma's $queryRaw reads them: `timestamp` columns hold UTC (that is how
// Prisma stores DateTime), bigint stays exact.
const TIMESTAMP = 1114;
const INT8 = 20;
const resultTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMP) return (v: string) => new Date(`${v.replace(' ', 'T')}Z`);
    if (oid === INT8) return (v: string) => BigInt(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

// A Date goes in as its ISO (UTC) text, the way Prisma stores DateTime, whatever the process's
// time zone (pg would otherwise send local time, which a `timestamp` column keeps as is).
const valuesOf = (query: SqlText) => query.values.map((v) => (v instanceof Date ? v.toISOString() : v));

// Hot statements are few and fixed; a text built from values would be a caller's bug, and past
// this many distinct texts the rest run unnamed (planned each time) instead of filling every
// connection with prepared statements.
const MAX_PREPARED = 500;
const statementNames = new Map<string, string>();
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (!name && statementNames.size < MAX_PREPARED) {
    name = `magma_${createHash('sha1').update(text).digest('base64url')}`;
    statementNames.set(text, name);
  }
  return name;
}

/** A statement whose text is fixed (built once) and its values: `Prisma.Sql` is one too. */
export type SqlText = { readonly text: string; readonly values: readonly unknown[] };

function runPrepared<T extends pg.QueryResultRow>(pool: pg.Pool, query: SqlText) {
  return pool.query<T>({
    name: statementName(query.text),
    text: query.text,
    values: valuesOf(query),
    types: resultTypes,
  });
}

/**
 * Runs one statement of a hot path (a charger message) as a named prepared statement straight on
 * the client's pg pool: parsed and planned once per connection (a generic plan), with none of the ORM's per-call
 * work. The statement's text must not depend on values (they go in as parameters), or every
 * variant would be prepared anew. Inside an interactive transaction, or on a client that did not
 * come from `createDb`, it runs through `$queryRaw` instead, with the same result.
 */
export async function sqlQuery<T>(db: Db | Prisma.TransactionClient, query: SqlText): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool) return (db as Db).$queryRawUnsafe<T[]>(query.text, ...valuesOf(query));
  return (await runPrepared<T & pg.QueryResultRow>(pool, query)).rows;
}

/** As `sqlQuery`, for a statement whose result is the number of rows it changed. */
export async function sqlExecute(db: Db | Prisma.TransactionClient, query: SqlText): Promise<number> {
  const pool = pools.get(db);
  if (!pool) return (db as Db).$executeRawUnsafe(query.text, ...valuesOf(query));
  return (await runPrepared(pool, query)).rowCount ?? 0;
}
