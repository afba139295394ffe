import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { endUserSessions } from './user-sessions.ts';

export const removeMemberInput = z.object({ id: z.uuid() });

export async function removeMember({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof removeMemberInput>;
}) {
  assertAdmin(scope);
  const { id } = removeMemberInput.parse(input);
  const sdb = scopedDb(db, scope);
  const m = await sdb.membership.findFirst({
    where: { id },
    select: { userId: true, role: true, user: { select: { email: true } } },
  });
  if (!m) throw new AppError('NOT_FOUND', 'No such member');
  if (m.userId === scope.userId) throw new AppError('BAD_INPUT', 'You cannot remove yourself');
  await sdb.$transaction(async (tx) => {
    await tx.membership.deleteMany({ where: { id } });
    await recordAudit(tx, scope, {
      action: 'user.removed',
      entityType: 'Membership',
      entityId: id,
      before: { email: m.user.email, role: m.role },
    });
  });
  // Sessions are not per tenant (a token is valid on the host that issued it), so the removed
  // user's sessions end everywhere; they sign in again where they are still a member.
  await endUserSessions({ db, userId: m.userId });
  return { id };
}
