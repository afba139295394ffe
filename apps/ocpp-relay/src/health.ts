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

/** `GET /health` on the OCPP port; everything else that is not a WebSocket upgrade is a 404. */
export function healthHandler({ db, connections }: { db: Db; connections: () => number }) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/health') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Not found' }));
      return;
    }
    void dbReachable(db).then((ok) => {
      const body = { status: ok ? 'ok' : 'degraded', db: ok ? 'ok' : 'down', connections: connections() };
      res
        .writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(body));
    });
  };
}
