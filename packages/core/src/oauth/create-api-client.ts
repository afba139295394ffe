import type { Db } from '@magma/db';
import { hashSecret } from '../auth/password.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { API_CLIENT_PUBLIC, createApiClientInput, type CreateApiClientInput } from './api-client-input.ts';
import { newClientId, newClientSecret } from './client-secrets.ts';

/** Creates a client; the secret is returned here once and stored only as a hash. */
export async function createApiClient({ db, scope, input }: { db: Db; scope: Scope; input: CreateApiClientInput }) {
  assertAdmin(scope);
  const v = createApiClientInput.parse(input);
  const sdb = scopedDb(db, scope);
  if (v.vendorId && !(await sdb.vendor.findFirst({ where: { id: v.vendorId }, select: { id: true } }))) {
    throw new AppError('NOT_FOUND', 'No such vendor');
  }
  const clientSecret = newClientSecret();
  const secretHash = await hashSecret(clientSecret);
  const client = await sdb.$transaction(async (tx) => {
    const row = await tx.apiClient.create({
      data: {
        tenantId: scope.tenantId,
        name: v.name,
        role: v.role,
        vendorId: v.vendorId,
        scopes: v.scopes,
        clientId: newClientId(),
        secretHash,
        createdById: scope.userId,
      },
      select: API_CLIENT_PUBLIC,
    });
    await recordAudit(tx, scope, {
      action: 'api_client.created',
      entityType: 'ApiClient',
      entityId: row.id,
      after: { name: row.name, clientId: row.clientId, role: row.role, vendorId: row.vendorId, scopes: row.scopes },
    });
    return row;
  });
  return { client, clientSecret };
}
