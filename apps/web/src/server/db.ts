import 'server-only';
import { createDb, type Db } from '@magma/db';
import { createTenantResolver, type TenantResolver } from '@magma/api';
import { env } from '@/env.ts';

// One pool and one tenant cache per process. They hang off globalThis because Next may evaluate
// this module once per bundle layer (pages, route handlers), and dev reloads re-evaluate it.

type Singletons = { db?: Db; resolver?: TenantResolver };
const g = globalThis as typeof globalThis & { __magma?: Singletons };
const store: Singletons = (g.__magma ??= {});

export function getDb(): Db {
  return (store.db ??= createDb({ url: env.DATABASE_URL, max: env.DATABASE_POOL_MAX, applicationName: 'magma-web' }));
}

export function getTenantResolver(): TenantResolver {
  return (store.resolver ??= createTenantResolver({ db: getDb(), platformDomain: env.PLATFORM_DOMAIN }));
}
