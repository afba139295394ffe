import { getDb } from '@/server/db.ts';

export const dynamic = 'force-dynamic';

const DB_TIMEOUT_MS = 2000;

/** Liveness and database state, for `npm start`, load balancers and monitoring. */
export async function GET() {
  const started = Date.now();
  let db: 'ok' | 'down' = 'ok';
  try {
    await Promise.race([
      getDb().$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), DB_TIMEOUT_MS)),
    ]);
  } catch {
    db = 'down';
  }
  const body = { status: db === 'ok' ? 'ok' : 'degraded', db, latencyMs: Date.now() - started };
  return Response.json(body, { status: db === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
