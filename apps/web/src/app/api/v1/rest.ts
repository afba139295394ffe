import 'server-only';
import { createRestHandler, createRestRateLimiter } from '@magma/api/openapi';
import { OAUTH_PATHS, verifyAccessToken } from '@magma/core/oauth';
import { env } from '@/env.ts';
import { apiServices } from '@/server/api-services.ts';
import { requestOrigin } from '@/server/api.ts';
import { getSessionUserId } from '@/server/auth.ts';
import { getDb, getTenantResolver } from '@/server/db.ts';
import { unsafeRequestRefusal } from '@/server/same-origin.ts';

// The REST API's wiring: this deployment's database, tenant cache, services and limiter store. The
// limits live where the bus lives: Redis when the app runs on Redis, else the app's PostgreSQL.

let handler: ReturnType<typeof createRestHandler> | undefined;

export function restHandler() {
  handler ??= createRestHandler({
    db: getDb(),
    resolver: getTenantResolver(),
    platformDomain: env.PLATFORM_DOMAIN,
    services: apiServices(),
    rateLimiter: createRestRateLimiter(
      env.BUS_KIND === 'redis' && env.REDIS_URL ? { kind: 'redis', url: env.REDIS_URL } : { kind: 'pg', db: getDb() },
    ),
    verifyToken: (token) => verifyAccessToken({ db: getDb(), token }),
    // The API console: the signed-in user's session, under the dashboard's own CSRF rules.
    session: async (req) => ({
      userId: await getSessionUserId(),
      refusal: unsafeRequestRefusal(req, { trustProxy: env.TRUST_PROXY }),
    }),
    tokenUrl: (origin) => `${origin}${OAUTH_PATHS.token}`,
  });
  return handler;
}

export async function serveRest(req: Request): Promise<Response> {
  return restHandler()(req, {
    host: req.headers.get('host'),
    origin: requestOrigin(req.headers) ?? new URL(req.url).origin,
  });
}
