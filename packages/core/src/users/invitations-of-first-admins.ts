import type { Db } from '@magma/db';

export type FirstAdminInvitationStatus = 'ACCEPTED' | 'PENDING' | 'EXPIRED';

/**
 * Platform admin only (callers check the platform role): for each tenant, the latest administrator
 * invitation a platform admin sent, i.e. the first admin's, whether it was accepted, is waiting or
 * has run out. A tenant created without an admin email has none.
 */
export async function listFirstAdminInvitations({ db, now = new Date() }: { db: Db; now?: Date }) {
  const platformAdmins = await db.user.findMany({ where: { platformRole: 'PLATFORM_ADMIN' }, select: { id: true } });
  const rows = await db.invitation.findMany({
    where: { role: 'OPERATOR_ADMIN', invitedById: { in: platformAdmins.map((u) => u.id) } },
    distinct: ['tenantId'],
    orderBy: [{ tenantId: 'asc' }, { createdAt: 'desc' }],
    select: { id: true, tenantId: true, email: true, createdAt: true, expiresAt: true, acceptedAt: true },
  });
  return rows.map((r) => ({
    ...r,
    status: (r.acceptedAt ? 'ACCEPTED' : r.expiresAt <= now ? 'EXPIRED' : 'PENDING') as FirstAdminInvitationStatus,
  }));
}
