import type { Db } from '@magma/db';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';

export async function listMembers({ db, scope }: { db: Db; scope: Scope }) {
  assertAdmin(scope);
  return scopedDb(db, scope).membership.findMany({
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      role: true,
      createdAt: true,
      user: { select: { id: true, email: true, name: true, lastLoginAt: true } },
      vendor: { select: { id: true, name: true } },
    },
  });
}
