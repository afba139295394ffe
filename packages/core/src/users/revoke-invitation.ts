import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { recordAudit } from '../audit/record-audit.ts';

export const revokeInvitationInput = z.object({ id: z.uuid() });

export async function revokeInvitation({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof revokeInvitationInput>;
}) {
  assertAdmin(scope);
  const { id } = revokeInvitationInput.parse(input);
  return scopedDb(db, scope).$transaction(async (tx) => {
    const inv = await tx.invitation.findFirst({ where: { id, acceptedAt: null }, select: { email: true, role: true } });
    if (!inv) throw new AppError('NOT_FOUND', 'No such invitation');
    await tx.invitation.deleteMany({ where: { id, acceptedAt: null } });
    await recordAudit(tx, scope, {
      action: 'user.invitation_revoked',
      entityType: 'Invitation',
      entityId: id,
      before: inv,
    });
    return { id };
  });
}
