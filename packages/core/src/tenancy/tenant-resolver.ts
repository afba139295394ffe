import type { Db, Plan } from '@magma/db';
import { classifyHost } from './host.ts';

export type ResolvedTenant = {
  id: string;
  slug: string;
  name: string;
  plan: Plan;
  themeKey: string;
  themeOverrides: unknown;
  supportEmail: string | null;
  timezone: string;
  currency: string;
};

type Entry = { value: ResolvedTenant | null; expiresAt: number };

export type TenantResolver = {
  /** The tenant a host name serves, or null (unknown hosts and the platform host). */
  resolve(host: string | null | undefined): Promise<ResolvedTenant | null>;
  /** Drops cached entries: all of them, or the hosts of one tenant (after a domain or brand change). */
  invalidate(tenantId?: string): void;
};

const SELECT = {
  id: true,
  slug: true,
  name: true,
  plan: true,
  themeKey: true,
  themeOverrides: true,
  supportEmail: true,
  timezone: true,
  currency: true,
} as const;

/**
 * Host → tenant with an in-memory TTL cache. Misses are cached too (briefly) so a flood of requests
 * for unknown hosts does not reach the database. Other processes learn of changes through
 * `invalidate`, which the bus will call when a domain changes elsewhere.
 */
export function createTenantResolver(opts: {
  db: Db;
  platformDomain: string;
  ttlMs?: number;
  missTtlMs?: number;
  now?: () => number;
}): TenantResolver {
  const { db, platformDomain, ttlMs = 60_000, missTtlMs = 5_000, now = Date.now } = opts;
  const cache = new Map<string, Entry>();

  async function load(host: string): Promise<ResolvedTenant | null> {
    const target = classifyHost(host, platformDomain);
    if (target.kind === 'subdomain') return db.tenant.findUnique({ where: { slug: target.slug }, select: SELECT });
    if (target.kind === 'custom') {
      // Only a verified claim serves (at most one per host); anyone may claim a host unverified.
      const d = await db.tenantDomain.findFirst({
        where: { host: target.host, verifiedAt: { not: null } },
        select: { tenant: { select: SELECT } },
      });
      return d?.tenant ?? null;
    }
    return null;
  }

  return {
    async resolve(rawHost) {
      const host = (rawHost ?? '').toLowerCase().replace(/:\d+$/, '');
      const hit = cache.get(host);
      if (hit && hit.expiresAt > now()) return hit.value;
      const value = await load(host);
      cache.set(host, { value, expiresAt: now() + (value ? ttlMs : missTtlMs) });
      return value;
    },
    invalidate(tenantId) {
      if (!tenantId) return cache.clear();
      for (const [host, entry] of cache) {
        if (!entry.value || entry.value.id === tenantId) cache.delete(host);
      }
    },
  };
}

/** Bus channel on which a tenant's host or brand change is announced to every web process. */
export const TENANCY_CHANGED_CHANNEL = 'tenancy:changed';

type BusLike = {
  publish(channel: string, message: unknown): Promise<void>;
  subscribe(channel: string, handler: (message: unknown) => void): Promise<() => Promise<void>>;
};

/**
 * Wires a resolver to the bus: `announce(tenantId)` drops the local entries and tells the other
 * processes, whose resolvers drop theirs when the message arrives.
 */
export async function connectResolverToBus(resolver: TenantResolver, bus: BusLike) {
  const unsubscribe = await bus.subscribe(TENANCY_CHANGED_CHANNEL, (message) => {
    const tenantId = (message as { tenantId?: unknown } | null)?.tenantId;
    resolver.invalidate(typeof tenantId === 'string' ? tenantId : undefined);
  });
  return {
    announce: async (tenantId: string) => {
      resolver.invalidate(tenantId);
      await bus.publish(TENANCY_CHANGED_CHANNEL, { tenantId });
    },
    unsubscribe,
  };
}
