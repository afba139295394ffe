import { dbReachable } from './db-reachable.ts';

export const dynamic = 'force-dynamic';

/**
 * Liveness: 200 whenever the server answers, with the database's state for information. A
 * supervisor restarts the web app when this stops answering, never for a database outage (that
 * is `/api/ready`'s 503).
 */
export async function GET() {
  const probe = await dbReachable();
  return Response.json({ status: 'ok', ...probe }, { headers: { 'cache-control': 'no-store' } });
}
