import 'server-only';
import { isApiHost } from '@magma/api/openapi';
import { createStreamServer, EventFeed, type StreamServer } from '@magma/api/stream';
import { verifyAccessToken } from '@magma/core/oauth';
import { env } from '@/env.ts';
import { getDb, getTenantResolver } from '@/server/db.ts';

// The event stream (/api/v1/stream) lives in this process's bundle, where the database, the tenant
// cache and the token checks are; next-server.mjs hands it the upgrades for its path through the
// key below (the only link between the plain server and Next's build).

export const EVENT_STREAM_KEY = Symbol.for('magma.eventStream');

const g = globalThis as typeof globalThis & { [EVENT_STREAM_KEY]?: StreamServer };

export function startEventStream(): StreamServer {
  const existing = g[EVENT_STREAM_KEY];
  if (existing) return existing;
  const db = getDb();
  const onError = (e: unknown) => console.error('[stream]', e);
  const server = createStreamServer({
    feed: new EventFeed({ db, onError }),
    verifyToken: (token) => verifyAccessToken({ db, token }),
    hostTenant: async (host) => {
      if (isApiHost(host, env.PLATFORM_DOMAIN)) return 'any';
      return (await getTenantResolver().resolve(host))?.id ?? null;
    },
    onError,
  });
  g[EVENT_STREAM_KEY] = server;
  return server;
}
