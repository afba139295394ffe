import type { Db } from '@magma/db';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { API_CLIENT_PUBLIC } from './api-client-input.ts';

/** The tenant's clients, newest first (at most 200: a tenant has a handful). */
export async function listApiClients({ db, scope }: { db: Db; scope: Scope }) {
  assertAdmin(scope);
  return scopedDb(db, scope).apiClient.findMany({
    orderBy: { createdAt: 'desc' },
    take: 200,
    select: API_CLIENT_PUBLIC,
  });
}
