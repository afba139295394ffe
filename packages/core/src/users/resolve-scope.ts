import type { Db } from '@magma/db';
import type { Scope } from '../tenancy/scope.ts';

/**
 * The scope a signed-in user has on one tenant: their membership's role (and vendor), or full
 * admin rights for a platform admin. Null when the user has no access to that tenant.
 */
export async function resolveScope({
  db,
  userId,
  tenantId,
}: {
  db: Db;
  userId: string;
  tenantId: string;
}): Promise<Scope | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { platformRole: true, memberships: { where: { tenantId }, select: { role: true, vendorId: true } } },
  });
  if (!user) return null;
  const m = user.memberships[0];
  if (m) {
    if (m.role === 'VENDOR_USER') {
      if (!m.vendorId) return null;
      return { tenantId, vendorId: m.vendorId, role: 'VENDOR_USER', userId };
    }
    return { tenantId, vendorId: null, role: m.role, userId };
  }
  if (user.platformRole === 'PLATFORM_ADMIN') return { tenantId, vendorId: null, role: 'PLATFORM_ADMIN', userId };
  return null;
}
