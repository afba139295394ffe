import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

// Migrations are driven through Prisma's WebAssembly schema engine over the pg driver adapter, so
// nothing is downloaded from Prisma's binary host. The engine keeps the standard
// `_prisma_migrations` table, so the stock `prisma migrate deploy` works too where it can run.

const here = path.dirname(fileURLToPath(import.meta.url));
export const prismaDir = path.resolve(here, '../prisma');
export const schemaDir = path.join(prismaDir, 'schema');
export const migrationsDir = path.join(prismaDir, 'migrations');

type Engine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  createMigration(input: unknown): Promise<{ generatedMigrationName: string; migrationScript: string | null }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};

type WasmApi = {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: unknown } }>;
};

let wasmReady:
  Promise<{ new: (opts: unknown, log: (s: string) => void, adapter: unknown) => Promise<Engine> }> | undefined;

function loadWasm() {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const pkgDir = path.dirname(bgPath);
    const bg = (await import(pathToFileURL(bgPath).href)) as Record<string, unknown> & {
      __wbg_set_wasm(exports: unknown): void;
      SchemaEngine: { new: (opts: unknown, log: (s: string) => void, adapter: unknown) => Promise<Engine> };
    };
    const bytes = await readFile(path.join(pkgDir, 'schema_engine_bg.wasm'));
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const { instance } = await wasm.instantiate(bytes, { './schema_engine_bg.js': bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return bg.SchemaEngine;
  })();
  return wasmReady;
}

async function schemaFiles() {
  const names = (await readdir(schemaDir)).filter((n) => n.endsWith('.prisma')).sort();
  return Promise.all(
    names.map(async (n) => {
      const p = path.join(schemaDir, n);
      return { path: p, content: await readFile(p, 'utf8') };
    }),
  );
}

async function migrationsList() {
  let dirs: string[] = [];
  try {
    dirs = (await readdir(migrationsDir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    dirs = [];
  }
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  const lock = await readFile(lockPath, 'utf8').catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: lock },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      dirs.map(async (d) => {
        const content = await readFile(path.join(migrationsDir, d, 'migration.sql'), 'utf8')
          .then((c) => ({ tag: 'ok' as const, value: c }))
          .catch((e: Error) => ({ tag: 'error' as const, value: e.message }));
        return { path: d, migrationFile: { path: 'migration.sql', content } };
      }),
    ),
  };
}

const noFilter = { externalTables: [], externalEnums: [] };

// The engine's introspection reads catalog columns of PostgreSQL's internal "char" type (oid 18,
// e.g. pg_constraint.contype), which the pg driver adapter does not map. They are read as text by
// the driver and reported to the engine as Character, the type it asks for.
const PG_CHAR = 18;
const PG_TEXT = 25;
const COLUMN_TYPE_CHARACTER = 6;
type PgResult = { fields: { dataTypeID: number }[]; rows: unknown[] };
type Queryable = {
  performIO(q: unknown): Promise<PgResult>;
  queryRaw(q: unknown): Promise<{ columnTypes: number[]; rows: unknown[] }>;
  startTransaction?: (...a: unknown[]) => Promise<Queryable>;
};
const charColumns = new WeakMap<unknown[], number[]>();

function readCharAsCharacter<T extends Queryable>(q: T): T {
  const performIO = q.performIO.bind(q);
  const queryRaw = q.queryRaw.bind(q);
  q.performIO = async (query) => {
    const res = await performIO(query);
    const idx: number[] = [];
    res.fields.forEach((f, i) => {
      if (f.dataTypeID === PG_CHAR) {
        f.dataTypeID = PG_TEXT;
        idx.push(i);
      }
    });
    if (idx.length) charColumns.set(res.rows, idx);
    return res;
  };
  q.queryRaw = async (query) => {
    const r = await queryRaw(query);
    for (const i of charColumns.get(r.rows) ?? []) r.columnTypes[i] = COLUMN_TYPE_CHARACTER;
    return r;
  };
  if (q.startTransaction) {
    const start = q.startTransaction.bind(q);
    q.startTransaction = async (...a) => readCharAsCharacter(await start(...a));
  }
  return q;
}

function migrationAdapterFactory(pool: pg.Pool) {
  const factory = new PrismaPg(pool);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => readCharAsCharacter((await connect()) as unknown as Queryable) as never;
  return bindMigrationAwareSqlAdapterFactory(factory);
}

// The WebAssembly engine is one module instance per process; two engines working at once in it
// corrupt each other's memory (seen when two vitest global setups migrated concurrently), so all
// engine work in a process is serialised.
let engineQueue: Promise<unknown> = Promise.resolve();

function withEngine<T>(url: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const run = engineQueue.then(() => withEngineNow(url, fn));
  engineQueue = run.catch(() => undefined);
  return run;
}

async function withEngineNow<T>(url: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const SchemaEngine = await loadWasm();
  const files = await schemaFiles();
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const factory = migrationAdapterFactory(pool);
  const logs: string[] = [];
  const engine = await SchemaEngine.new(
    { datamodels: files.map((f) => [f.path, f.content]) },
    (line: string) => logs.push(line),
    factory,
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await pool.end();
  }
}

/** Applies every committed migration not yet applied (`prisma migrate deploy`). */
export async function applyMigrations(url: string): Promise<string[]> {
  const list = await migrationsList();
  return withEngine(url, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: list, filters: noFilter });
    return out.appliedMigrationNames;
  });
}

async function withScratchDatabase<T>(url: string, fn: (scratchUrl: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const name = `magma_migrate_scratch_${randomUUID().replaceAll('-', '')}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  try {
    const scratch = new URL(url);
    scratch.pathname = `/${name}`;
    return await fn(scratch.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

/**
 * The SQL that brings a database holding every committed migration up to the schema: the
 * migrations are replayed into a scratch database, which is then diffed against the schema.
 * Empty when the migrations already match the schema.
 */
export async function diffMigrationsAgainstSchema(url: string): Promise<string> {
  const list = await migrationsList();
  const files = await schemaFiles();
  return withScratchDatabase(url, (scratchUrl) =>
    withEngine(scratchUrl, async (engine) => {
      await engine.applyMigrations({ migrationsList: list, filters: noFilter });
      const out = await engine.diff({
        from: { tag: 'schemaDatasource', files, configDir: prismaDir },
        to: { tag: 'schemaDatamodel', files },
        script: true,
        exitCode: null,
        filters: noFilter,
      });
      const sql = out.stdout ?? '';
      return /^\s*(--.*\n?|\s)*$/.test(sql) ? '' : sql;
    }),
  );
}

/** Writes prisma/migrations/<timestamp>_<name>/migration.sql; null when nothing changed. */
export async function createMigration(url: string, name: string): Promise<string | null> {
  const sql = await diffMigrationsAgainstSchema(url);
  if (!sql) return null;
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dirName = `${stamp}_${name}`;
  await mkdir(path.join(migrationsDir, dirName), { recursive: true });
  await writeFile(path.join(migrationsDir, dirName, 'migration.sql'), sql);
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  const lock = await readFile(lockPath, 'utf8').catch(() => null);
  if (!lock) {
    await writeFile(
      lockPath,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  }
  return dirName;
}
