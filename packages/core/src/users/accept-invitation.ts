import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { hashSecret, verifySecret } from '../auth/password.ts';
import { hashInvitationToken } from './invite-user.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { tenantScope } from '../tenancy/scope.ts';

export const acceptInvitationInput = z.object({
  token: z.string().min(20).max(200),
  name: z.string().trim().min(1).max(80),
  password: z.string().min(8, 'Use at least 8 characters').max(200),
});

async function findOpenInvitation(db: Db, token: string, tenantId: string, now: Date) {
  const inv = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { tenant: { select: { name: true } }, vendor: { select: { name: true } } },
  });
  // An invitation is only usable on its own tenant's host: a token from one tenant says nothing elsewhere.
  if (!inv || inv.tenantId !== tenantId) throw new AppError('NOT_FOUND', 'This invitation link is not valid.');
  if (inv.acceptedAt) throw new AppError('CONFLICT', 'This invitation has already been used.');
  if (inv.expiresAt <= now) throw new AppError('BAD_INPUT', 'This invitation has expired. Ask for a new one.');
  return inv;
}

export async function getInvitation({
  db,
  token,
  tenantId,
  now = new Date(),
}: {
  db: Db;
  token: string;
  tenantId: string;
  now?: Date;
}) {
  const inv = await findOpenInvitation(db, token, tenantId, now);
  const existing = await db.user.findUnique({ where: { email: inv.email }, select: { passwordHash: true } });
  return {
    email: inv.email,
    role: inv.role,
    tenantName: inv.tenant.name,
    vendorName: inv.vendor?.name ?? null,
    hasPassword: Boolean(existing?.passwordHash),
  };
}

/** Accepts an invitation: creates (or completes) the user, sets the password and grants the membership. */
export async function acceptInvitation({
  db,
  tenantId,
  input,
  now = new Date(),
}: {
  db: Db;
  tenantId: string;
  input: z.input<typeof acceptInvitationInput>;
  now?: Date;
}) {
  const { token, name, password } = acceptInvitationInput.parse(input);
  const inv = await findOpenInvitation(db, token, tenantId, now);
  const passwordHash = await hashSecret(password);
  return db.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({
      where: { id: inv.id, acceptedAt: null },
      data: { acceptedAt: now },
    });
    if (claimed.count === 0) throw new AppError('CONFLICT', 'This invitation has already been used.');
    // The accepted invitation decides the membership; any other open one for this person is void,
    // so it cannot restore access after the member is removed.
    await tx.invitation.deleteMany({ where: { tenantId: inv.tenantId, email: inv.email, acceptedAt: null } });
    const existing = await tx.user.findUnique({ where: { email: inv.email } });
    // An existing account keeps its password: the token holder must know it, so an invitation
    // cannot be used to take over an account.
    if (existing?.passwordHash && !(await verifySecret(password, existing.passwordHash))) {
      throw new AppError('UNAUTHENTICATED', 'You already have an account: enter its current password.');
    }
    const user = existing
      ? await tx.user.update({ where: { id: existing.id }, data: existing.passwordHash ? {} : { passwordHash, name } })
      : await tx.user.create({ data: { email: inv.email, name, passwordHash } });
    await tx.membership.upsert({
      where: { userId_tenantId: { userId: user.id, tenantId: inv.tenantId } },
      create: { userId: user.id, tenantId: inv.tenantId, vendorId: inv.vendorId, role: inv.role },
      update: { vendorId: inv.vendorId, role: inv.role },
    });
    await recordAudit(tx, tenantScope(inv.tenantId, inv.role, user.id), {
      action: 'user.joined',
      entityType: 'Invitation',
      entityId: inv.id,
      after: { email: user.email, role: inv.role },
    });
    return { userId: user.id, email: user.email };
  });
}
