import type { Db } from '@magma/db';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';

export async function listInvitations({ db, scope }: { db: Db; scope: Scope }) {
  assertAdmin(scope);
  return scopedDb(db, scope).invitation.findMany({
    where: { acceptedAt: null },
    orderBy: { createdAt: 'desc' },
    select: { id: true, email: true, role: true, expiresAt: true, vendor: { select: { id: true, name: true } } },
  });
}
