import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { emailAddress } from './email-address.ts';
import { recordAudit } from '../audit/record-audit.ts';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;

export const inviteUserInput = z
  .object({
    email: emailAddress.transform((e) => e.trim().toLowerCase()),
    role: z.enum(['OPERATOR_ADMIN', 'OPERATOR_STAFF', 'VENDOR_USER']),
    vendorId: z.uuid().optional(),
  })
  .refine((v) => (v.role === 'VENDOR_USER') === Boolean(v.vendorId), {
    message: 'Choose a vendor for a vendor user (and only for a vendor user)',
    path: ['vendorId'],
  });

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Creates an invitation and returns the one-time token (only its hash is stored). The caller sends
 * the email with the accept link.
 */
export async function inviteUser({
  db,
  scope,
  input,
  resentFromId,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof inviteUserInput>;
  /** The pending invitation this one replaces when it is sent again: audited as a resend of it. */
  resentFromId?: string;
  now?: Date;
}) {
  assertAdmin(scope);
  const data = inviteUserInput.parse(input);
  const sdb = scopedDb(db, scope);
  if (data.vendorId) {
    const vendor = await sdb.vendor.findFirst({ where: { id: data.vendorId }, select: { id: true } });
    if (!vendor) throw new AppError('NOT_FOUND', 'No such vendor');
  }
  const already = await sdb.membership.findFirst({ where: { user: { email: data.email } }, select: { id: true } });
  if (already) throw new AppError('CONFLICT', `${data.email} already has access`);
  const token = randomBytes(32).toString('base64url');
  // One open invitation per person: a new one replaces what was sent before (another role or vendor),
  // so an older link cannot grant what the admin no longer means to.
  const invitation = await sdb.$transaction(async (tx) => {
    await tx.invitation.deleteMany({ where: { email: data.email, acceptedAt: null } });
    const created = await tx.invitation.create({
      data: {
        tenantId: scope.tenantId,
        email: data.email,
        role: data.role,
        vendorId: data.vendorId ?? null,
        tokenHash: hashInvitationToken(token),
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        invitedById: scope.userId,
      },
      select: {
        id: true,
        email: true,
        role: true,
        vendorId: true,
        expiresAt: true,
        vendor: { select: { name: true } },
      },
    });
    await recordAudit(tx, scope, {
      action: resentFromId ? 'user.invitation_resent' : 'user.invited',
      entityType: 'Invitation',
      entityId: created.id,
      ...(resentFromId ? { before: { invitationId: resentFromId } } : {}),
      after: { email: created.email, role: created.role, vendor: created.vendor?.name ?? null },
    });
    return created;
  });
  return { invitation, token };
}
