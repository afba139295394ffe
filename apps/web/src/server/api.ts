import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { createCaller, createContext } from '@magma/api';
import { env } from '@/env.ts';
import { getSessionUserId } from '@/server/auth.ts';
import { getDb, getTenantResolver } from '@/server/db.ts';
import { apiServices } from '@/server/api-services.ts';
import { requestHost, requestProto } from '@/server/client-address.ts';

/** This request's origin (emailed links); forwarded host and scheme count only under TRUST_PROXY. */
export function requestOrigin(h: Headers): string | null {
  const header = (name: string) => h.get(name);
  const host = requestHost(header, env.TRUST_PROXY);
  if (!host) return null;
  const proto =
    requestProto(header, env.TRUST_PROXY) ??
    (env.NODE_ENV === 'production' && !host.includes('localhost') ? 'https' : 'http');
  return `${proto}://${host}`;
}

/** The tRPC context of the current request (server components and route handlers). */
export const getContext = cache(async () => {
  const h = await headers();
  return createContext({
    db: getDb(),
    resolver: getTenantResolver(),
    platformDomain: env.PLATFORM_DOMAIN,
    host: h.get('host'),
    origin: requestOrigin(h),
    userId: await getSessionUserId(),
    services: apiServices(),
  });
});

/** Server components call procedures directly, with the same scope checks as the HTTP API. */
export const serverApi = cache(async () => createCaller(await getContext()));
