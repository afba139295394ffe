import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../packages/db/src/embedded.ts';
import { applyMigrations } from '../../packages/db/src/migrate.ts';
import { TEMPLATE_DB, databaseUrl } from '../../packages/db/src/testing.ts';

// Integration tests run against a real PostgreSQL: the server named by TEST_DATABASE_URL (or
// DATABASE_URL) when set, otherwise an embedded PostgreSQL started for this run. A template
// database is migrated once; each test file clones it.

let embedded: EmbeddedDatabase | undefined;
let runDir: string | undefined;

export default async function setup() {
  const configured = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let server: string;
  if (configured) {
    server = configured;
  } else {
    await mkdir(path.resolve(import.meta.dirname, '../../.data'), { recursive: true });
    // A cluster of its own per run, so concurrent runs never share a data directory.
    runDir = await mkdtemp(path.join(path.resolve(import.meta.dirname, '../../.data'), 'test-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir: path.join(runDir, 'pg'), database: 'postgres' });
    server = embedded.url;
  }
  const admin = new pg.Client({ connectionString: databaseUrl(server, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  await applyMigrations(databaseUrl(server, TEMPLATE_DB));
  process.env.MAGMA_TEST_PG_URL = server;
  process.env.MAGMA_TEST_PG_KIND = configured ? 'external' : 'embedded';
  return async () => {
    await embedded?.stop();
    if (runDir) await rm(runDir, { recursive: true, force: true });
  };
}
