import { z } from 'zod';
import type { Db } from '@magma/db';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { API_CLIENT_PUBLIC } from './api-client-input.ts';

export const setApiClientEnabledInput = z.object({ id: z.uuid(), enabled: z.boolean() });

/** Disables a client (no new tokens; its issued tokens stop working at once) or enables it again. */
export async function setApiClientEnabled({
  db,
  scope,
  input,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof setApiClientEnabledInput>;
  now?: Date;
}) {
  assertAdmin(scope);
  const v = setApiClientEnabledInput.parse(input);
  return scopedDb(db, scope).$transaction(async (tx) => {
    const found = await tx.apiClient.findFirst({ where: { id: v.id }, select: { id: true } });
    if (!found) throw new AppError('NOT_FOUND', 'No such API client');
    const row = await tx.apiClient.update({
      where: { id: v.id },
      data: { disabledAt: v.enabled ? null : now },
      select: API_CLIENT_PUBLIC,
    });
    await recordAudit(tx, scope, {
      action: v.enabled ? 'api_client.enabled' : 'api_client.disabled',
      entityType: 'ApiClient',
      entityId: v.id,
    });
    return row;
  });
}
