import type { Db } from '@magma/db';

/** Platform admin only: callers check the platform role before calling. */

export async function listTenants({ db }: { db: Db }) {
  return db.tenant.findMany({
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      slug: true,
      name: true,
      plan: true,
      paymentsMode: true,
      themeKey: true,
      createdAt: true,
      domains: { select: { id: true, host: true }, orderBy: { host: 'asc' } },
      _count: { select: { chargers: true, vendors: true, memberships: true } },
    },
  });
}
