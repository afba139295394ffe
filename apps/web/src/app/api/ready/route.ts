import { dbReachable } from '../health/db-reachable.ts';

export const dynamic = 'force-dynamic';

/** Readiness: 200 while PostgreSQL answers, else 503 (load balancers, `npm start`, the fault suite). */
export async function GET() {
  const probe = await dbReachable();
  const ready = probe.db === 'ok';
  return Response.json(
    { status: ready ? 'ready' : 'unready', ...probe },
    { status: ready ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
