import { z } from 'zod';
import type { Db } from '@magma/db';
import { hashSecret } from '../auth/password.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { API_CLIENT_PUBLIC } from './api-client-input.ts';
import { newClientSecret } from './client-secrets.ts';
import { DEFAULT_SECRET_OVERLAP_MS } from './constants.ts';

export const rotateApiClientSecretInput = z.object({
  id: z.uuid(),
  /** How long the old secret keeps working: 0 ends it now (a leaked secret), at most 30 days. */
  overlapMs: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 3_600_000)
    .default(DEFAULT_SECRET_OVERLAP_MS),
});

/** A new secret (returned once); the old one stays valid for the overlap window. */
export async function rotateApiClientSecret({
  db,
  scope,
  input,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof rotateApiClientSecretInput>;
  now?: Date;
}) {
  assertAdmin(scope);
  const v = rotateApiClientSecretInput.parse(input);
  const clientSecret = newClientSecret();
  const secretHash = await hashSecret(clientSecret);
  const client = await scopedDb(db, scope).$transaction(async (tx) => {
    const current = await tx.apiClient.findFirst({
      where: { id: v.id },
      select: { secretHash: true, disabledAt: true },
    });
    if (!current) throw new AppError('NOT_FOUND', 'No such API client');
    if (current.disabledAt) throw new AppError('CONFLICT', 'This client is disabled');
    const overlapEnds = new Date(now.getTime() + v.overlapMs);
    const row = await tx.apiClient.update({
      where: { id: v.id },
      data: {
        secretHash,
        previousSecretHash: v.overlapMs > 0 ? current.secretHash : null,
        previousSecretValidUntil: v.overlapMs > 0 ? overlapEnds : null,
        secretRotatedAt: now,
      },
      select: API_CLIENT_PUBLIC,
    });
    await recordAudit(tx, scope, {
      action: 'api_client.secret_rotated',
      entityType: 'ApiClient',
      entityId: v.id,
      after: { previousSecretValidUntil: v.overlapMs > 0 ? overlapEnds.toISOString() : null },
    });
    return row;
  });
  return { client, clientSecret };
}
