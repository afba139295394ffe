import { describe, expect, it, vi } from 'vitest';
import type { Db } from '@magma/db';
import { connectResolverToBus, createTenantResolver } from './tenant-resolver.ts';

// The cache is exercised against a stub that counts lookups; the real queries are covered by the
// integration and browser tests.

function stubDb() {
  const tenant = {
    id: 't1',
    slug: 'demo',
    name: 'Demo',
    plan: 'OPERATOR_CSMS',
    themeKey: 'magma',
    themeOverrides: null,
    supportEmail: null,
    timezone: 'Asia/Kolkata',
    currency: 'INR',
  };
  const bySlug = vi.fn(async ({ where }: { where: { slug: string } }) => (where.slug === 'demo' ? tenant : null));
  // Only verified claims serve: the lookup must ask for one.
  const byHost = vi.fn(async ({ where }: { where: { host: string; verifiedAt?: unknown } }) =>
    where.host === 'charge.demo.in' && where.verifiedAt ? { tenant } : null,
  );
  const db = { tenant: { findUnique: bySlug }, tenantDomain: { findFirst: byHost } } as unknown as Db;
  return { db, bySlug, byHost };
}

describe('createTenantResolver', () => {
  it('resolves sub-domains and custom domains, and nothing for the platform host', async () => {
    const { db } = stubDb();
    const r = createTenantResolver({ db, platformDomain: 'localhost' });
    expect((await r.resolve('demo.localhost:3000'))?.id).toBe('t1');
    expect((await r.resolve('charge.demo.in'))?.id).toBe('t1');
    expect(await r.resolve('localhost:3000')).toBeNull();
    expect(await r.resolve('other.localhost')).toBeNull();
  });

  it('caches hits until the TTL passes or the tenant is invalidated', async () => {
    const { db, bySlug } = stubDb();
    let now = 0;
    const r = createTenantResolver({ db, platformDomain: 'localhost', ttlMs: 1000, now: () => now });
    await r.resolve('demo.localhost');
    await r.resolve('demo.localhost');
    expect(bySlug).toHaveBeenCalledTimes(1);
    now = 1001;
    await r.resolve('demo.localhost');
    expect(bySlug).toHaveBeenCalledTimes(2);
    r.invalidate('t1');
    await r.resolve('demo.localhost');
    expect(bySlug).toHaveBeenCalledTimes(3);
  });

  it('caches misses briefly, and invalidation drops them so a new domain works at once', async () => {
    const { db, byHost } = stubDb();
    const r = createTenantResolver({ db, platformDomain: 'localhost', missTtlMs: 5000, now: () => 0 });
    expect(await r.resolve('new.example')).toBeNull();
    expect(await r.resolve('new.example')).toBeNull();
    expect(byHost).toHaveBeenCalledTimes(1);
    r.invalidate('t1');
    await r.resolve('new.example');
    expect(byHost).toHaveBeenCalledTimes(2);
  });
});

describe('connectResolverToBus', () => {
  it("drops another process's cached entry when a change is announced", async () => {
    const handlers: Array<(m: unknown) => void> = [];
    const bus = {
      publish: async (_c: string, m: unknown) => handlers.forEach((h) => h(m)),
      subscribe: async (_c: string, h: (m: unknown) => void) => (handlers.push(h), async () => {}),
    };
    const { db, bySlug } = stubDb();
    const here = createTenantResolver({ db, platformDomain: 'localhost', now: () => 0 });
    const there = createTenantResolver({ db, platformDomain: 'localhost', now: () => 0 });
    const a = await connectResolverToBus(here, bus);
    await connectResolverToBus(there, bus);
    await there.resolve('demo.localhost');
    await there.resolve('demo.localhost');
    expect(bySlug).toHaveBeenCalledTimes(1);
    await a.announce('t1');
    await there.resolve('demo.localhost');
    expect(bySlug).toHaveBeenCalledTimes(2);
  });
});
