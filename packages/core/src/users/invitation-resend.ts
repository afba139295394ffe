import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { inviteUser } from './invite-user.ts';
import { claimRateLimitSlot, type RateLimit } from './rate-limit.ts';

/** Each person's invitation can be sent again a few times an hour: enough for "it went to spam", not a mail cannon. */
export const INVITATION_RESEND_LIMIT: RateLimit = { limit: 3, windowMs: 60 * 60_000 };

export const resendInvitationInput = z.object({ id: z.uuid() });

/**
 * Sends a pending (or expired, never accepted) invitation again: the same person, role and vendor
 * under a new one-time token and a new expiry. It goes through inviteUser, which replaces the open
 * invitation, so the link sent before stops working. The caller emails the new link.
 */
export async function resendInvitation({
  db,
  scope,
  input,
  onlyRole,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof resendInvitationInput>;
  /** Resend only an invitation to this role (the platform console resends administrators' only). */
  onlyRole?: 'OPERATOR_ADMIN' | 'OPERATOR_STAFF' | 'VENDOR_USER';
  now?: Date;
}) {
  assertAdmin(scope);
  const { id } = resendInvitationInput.parse(input);
  const pending = await scopedDb(db, scope).invitation.findFirst({
    where: { id, acceptedAt: null, ...(onlyRole ? { role: onlyRole } : {}) },
    select: { id: true, email: true, role: true, vendorId: true },
  });
  if (!pending) throw new AppError('NOT_FOUND', 'No such pending invitation (it may have been accepted or replaced)');
  const slot = await claimRateLimitSlot({
    db,
    key: `invitation-resend:${scope.tenantId}:${pending.email}`,
    rule: INVITATION_RESEND_LIMIT,
    now,
  });
  if (!slot.taken) {
    throw new AppError('RATE_LIMITED', 'This invitation was sent again too often. Try again later.', {
      details: { retryAt: slot.retryAt },
    });
  }
  return inviteUser({
    db,
    scope,
    input: { email: pending.email, role: pending.role, vendorId: pending.vendorId ?? undefined },
    resentFromId: pending.id,
    now,
  });
}
