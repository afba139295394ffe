import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { applyMigrations } from './migrate.ts';
import { databaseUrl } from './testing.ts';

// Two migrations at once in one process share the WebAssembly engine; they must not corrupt it.
// Each applies every migration (60+) to an empty database: about 4 s on a quiet machine, over 10 s
// when the suite's other files load both cores, so the bound is generous (it bounds, it does not time).
describe('applyMigrations', () => {
  it('migrates several databases concurrently from one process', { timeout: 180_000 }, async () => {
    const server = process.env.MAGMA_TEST_PG_URL!;
    const names = [1, 2, 3].map((i) => `magma_concurrent_${Date.now()}_${i}`);
    const admin = new pg.Client({ connectionString: databaseUrl(server, 'postgres') });
    await admin.connect();
    try {
      for (const n of names) await admin.query(`CREATE DATABASE "${n}"`);
      const results = await Promise.all(names.map((n) => applyMigrations(databaseUrl(server, n))));
      for (const applied of results) expect(applied.length).toBeGreaterThan(0);
    } finally {
      for (const n of names) await admin.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
