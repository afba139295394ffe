import { getDb } from '@/server/db.ts';

const DB_TIMEOUT_MS = 2000;

/** Whether PostgreSQL answers `SELECT 1` within 2 s, and how long it took. */
export async function dbReachable(): Promise<{ db: 'ok' | 'down'; latencyMs: number }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      getDb().$queryRaw`SELECT 1`,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), DB_TIMEOUT_MS))),
    ]);
    return { db: 'ok', latencyMs: Date.now() - started };
  } catch {
    return { db: 'down', latencyMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
