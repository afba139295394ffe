import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@magma/db';

const DB_CHECK_TIMEOUT_MS = 2000;

async function dbReachable(db: Db): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), DB_CHECK_TIMEOUT_MS)));
    return await Promise.race([db.$queryRaw`SELECT 1`.then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));

/**
 * On the OCPP port, besides WebSocket upgrades:
 * - `GET /health` is liveness: 200 whenever the process answers, with the database's state for
 *   information. A supervisor restarts the relay when it stops answering, never for a database
 *   outage (restarting would only drop every charger's socket).
 * - `GET /ready` is readiness: 200 only while PostgreSQL answers and the relay accepts chargers;
 *   503 otherwise (a load balancer sends chargers elsewhere, `npm start` waits for it).
 * Everything else is a 404.
 */
export function healthHandler({
  db,
  connections,
  accepting,
}: {
  db: Db;
  connections: () => number;
  accepting: () => boolean;
}) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || (path !== '/health' && path !== '/ready')) {
      json(res, 404, { error: 'Not found' });
      return;
    }
    void dbReachable(db).then((ok) => {
      const db = ok ? 'ok' : 'down';
      if (path === '/health') return json(res, 200, { status: 'ok', db, connections: connections() });
      const ready = ok && accepting();
      json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unready', db, accepting: accepting() });
    });
  };
}
