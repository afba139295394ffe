// The benchmarks' database: a fresh one on the server named by DATABASE_URL, or on an embedded
// PostgreSQL kept under .data/bench-pg, dropped afterwards unless asked to keep it.
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@magma/db/embedded';

export type BenchDatabase = {
  name: string;
  url: string;
  /** Drops the database (unless `keep`) and stops the embedded server if one was started. */
  close: (opts: { keep?: boolean }) => Promise<void>;
};

function withDatabase(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

const env = z.object({ DATABASE_URL: z.string().startsWith('postgres').optional() }).parse(process.env);

export async function openBenchDatabase(kind: string): Promise<BenchDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let server = env.DATABASE_URL;
  if (!server) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.resolve(import.meta.dirname, '../.data/bench-pg'),
      database: 'postgres',
    });
    server = embedded.url;
  }
  const name = `magma_bench_${kind}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: withDatabase(server, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  return {
    name,
    url: withDatabase(server, name),
    async close({ keep }) {
      if (!keep) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
      await embedded?.stop();
    },
  };
}
