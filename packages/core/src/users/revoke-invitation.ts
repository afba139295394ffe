import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';

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
  const { count } = await scopedDb(db, scope).invitation.deleteMany({ where: { id, acceptedAt: null } });
  if (count === 0) throw new AppError('NOT_FOUND', 'No such invitation');
  return { id };
}
