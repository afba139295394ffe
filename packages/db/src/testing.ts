import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from './client.ts';

// Test-only: every integration test file gets its own database, cloned from a migrated template
// that vitest's global setup prepares once per run (see tooling/vitest/global-setup.ts).

export type TestDatabase = { url: string; db: Db; drop: () => Promise<void> };

function serverUrl(): string {
  const url = process.env.MAGMA_TEST_PG_URL;
  if (!url) throw new Error('MAGMA_TEST_PG_URL is not set: run tests through vitest (npm test)');
  return url;
}

export const TEMPLATE_DB = 'magma_test_template';

export function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createTestDatabase(opts: { max?: number } = {}): Promise<TestDatabase> {
  const server = serverUrl();
  const name = `magma_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: databaseUrl(server, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(server, name);
  const db = createDb({ url, max: opts.max ?? 5, applicationName: 'magma-test' });
  return {
    url,
    db,
    drop: async () => {
      await db.$disconnect();
      const c = new pg.Client({ connectionString: databaseUrl(server, 'postgres') });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
