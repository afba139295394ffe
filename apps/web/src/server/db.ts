import 'server-only';
import { createDb, type Db } from '@magma/db';
import { connectResolverToBus, createTenantResolver, type TenantResolver } from '@magma/api';
import { env } from '@/env.ts';
import { getBus } from '@/server/bus.ts';

// One pool and one tenant cache per process. They hang off globalThis because Next may evaluate
// this module once per bundle layer (pages, route handlers), and dev reloads re-evaluate it.

type Singletons = { db?: Db; resolver?: TenantResolver; announce?: Promise<(tenantId: string) => Promise<void>> };
const g = globalThis as typeof globalThis & { __magma?: Singletons };
const store: Singletons = (g.__magma ??= {});

export function getDb(): Db {
  return (store.db ??= createDb({ url: env.DATABASE_URL, max: env.DATABASE_POOL_MAX, applicationName: 'magma-web' }));
}

export function getTenantResolver(): TenantResolver {
  if (store.resolver) return store.resolver;
  const resolver = createTenantResolver({ db: getDb(), platformDomain: env.PLATFORM_DOMAIN });
  store.resolver = resolver;
  // Other web processes announce domain and brand changes on the bus; without a bus (single
  // process) the local invalidation is all there is.
  const bus = getBus();
  store.announce = bus
    ? connectResolverToBus(resolver, bus).then(
        (c) => c.announce,
        () => async (tenantId: string) => resolver.invalidate(tenantId),
      )
    : Promise.resolve(async (tenantId: string) => resolver.invalidate(tenantId));
  return resolver;
}

/** After a tenant's domains, plan or brand changed: drop cached host lookups here and everywhere. */
export async function announceTenantChange(tenantId: string): Promise<void> {
  getTenantResolver().invalidate(tenantId);
  const announce = await store.announce!;
  await announce(tenantId).catch(() => undefined); // the TTL bounds staleness if the bus is down
}
