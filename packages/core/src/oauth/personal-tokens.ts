import { z } from 'zod';
import type { Db } from '@magma/db';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError } from '../errors/app-error.ts';
import type { Scope } from '../tenancy/scope.ts';
import { apiScopeList } from './api-client-input.ts';
import { newPersonalToken, personalTokenPrefix } from './client-secrets.ts';
import { personalTokenHash } from './constants.ts';

// A user's own tokens for scripts. The token acts with the user's role in this tenant as it is at
// each request (see verifyAccessToken), narrowed to the scopes chosen here.

export const MAX_PERSONAL_TOKENS = 20;

export const createPersonalTokenInput = z.object({
  name: z.string().trim().min(1, 'Name the token').max(100),
  scopes: apiScopeList,
  /** Days until it expires; null: never. */
  expiresInDays: z.number().int().min(1).max(366).nullable().default(90),
});

const PUBLIC = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
} as const;

function ownUser(scope: Scope): string {
  // A token acts with the user's membership; a platform admin visiting a tenant has none there.
  if (!scope.userId || scope.role === 'PLATFORM_ADMIN') {
    throw new AppError('FORBIDDEN', 'Personal tokens belong to members of this operator');
  }
  return scope.userId;
}

/** Creates a token for the signed-in user; the token is returned here once, stored only as a hash. */
export async function createPersonalToken({
  db,
  scope,
  input,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof createPersonalTokenInput>;
  now?: Date;
}) {
  const userId = ownUser(scope);
  const v = createPersonalTokenInput.parse(input);
  const live = await db.personalApiToken.count({ where: { tenantId: scope.tenantId, userId, revokedAt: null } });
  if (live >= MAX_PERSONAL_TOKENS) {
    throw new AppError('CONFLICT', `At most ${MAX_PERSONAL_TOKENS} tokens: revoke one you no longer use`);
  }
  const token = newPersonalToken();
  return db.$transaction(async (tx) => {
    const row = await tx.personalApiToken.create({
      data: {
        tenantId: scope.tenantId,
        userId,
        name: v.name,
        prefix: personalTokenPrefix(token),
        tokenHash: personalTokenHash(token),
        scopes: v.scopes,
        expiresAt: v.expiresInDays === null ? null : new Date(now.getTime() + v.expiresInDays * 86_400_000),
      },
      select: PUBLIC,
    });
    await recordAudit(tx, scope, {
      action: 'personal_token.created',
      entityType: 'PersonalApiToken',
      entityId: row.id,
      after: { name: row.name, prefix: row.prefix, scopes: row.scopes },
    });
    return { token: row, secret: token };
  });
}

/** The signed-in user's tokens in this tenant, newest first. */
export async function listPersonalTokens({ db, scope }: { db: Db; scope: Scope }) {
  const userId = ownUser(scope);
  return db.personalApiToken.findMany({
    where: { tenantId: scope.tenantId, userId },
    orderBy: { createdAt: 'desc' },
    take: 100,
    select: PUBLIC,
  });
}

export const revokePersonalTokenInput = z.object({ id: z.uuid() });

/** Revokes one of the signed-in user's own tokens. */
export async function revokePersonalToken({
  db,
  scope,
  input,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof revokePersonalTokenInput>;
  now?: Date;
}) {
  const userId = ownUser(scope);
  const { id } = revokePersonalTokenInput.parse(input);
  return db.$transaction(async (tx) => {
    const n = await tx.personalApiToken.updateMany({
      where: { id, tenantId: scope.tenantId, userId, revokedAt: null },
      data: { revokedAt: now },
    });
    if (!n.count) throw new AppError('NOT_FOUND', 'No such token');
    await recordAudit(tx, scope, { action: 'personal_token.revoked', entityType: 'PersonalApiToken', entityId: id });
  });
}
