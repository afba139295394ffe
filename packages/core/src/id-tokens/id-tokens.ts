import { z } from 'zod';
import { Prisma, type Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { containsText } from '../search/like-pattern.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { recordAudit } from '../audit/record-audit.ts';

// The cards and tokens drivers present at a charger (RFID cards, ISO 15693 tags, eMAIDs, central
// or local ids), which Authorize, StartTransaction and TransactionEvent check. Operators register
// and block them here. Tokens the driver flows mint themselves (APP: one per paid session; PIN;
// API) are not listed or edited here.

/** The kinds an operator registers by hand. */
export const MANAGED_TOKEN_TYPES = ['RFID', 'ISO15693', 'CONTRACT', 'CENTRAL', 'LOCAL'] as const;

// OCPP 2.0.1 IdTokenType.idToken is string[0..36] (1.6 idTag: CiString20, a 1.6 charger sends
// at most 20). Printable ASCII without spaces: what readers and backends exchange.
const tokenValue = z
  .string()
  .trim()
  .min(1, 'Enter the card id')
  .max(36, 'An id token is at most 36 characters (20 for OCPP 1.6 chargers)')
  .regex(/^[\x21-\x7e]+$/, 'Letters, digits and symbols only, without spaces');

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

export const createIdTokenInput = z.object({
  token: tokenValue,
  type: z.enum(MANAGED_TOKEN_TYPES).default('RFID'),
  label: optionalText(80),
  /** A group id (OCPP parentIdTag / groupIdToken): cards of one fleet or household. */
  parentToken: tokenValue.optional(),
  expiresAt: z.coerce.date().optional().nullable(),
});

export const updateIdTokenInput = z.object({
  id: z.uuid(),
  patch: z.object({
    status: z.enum(['ACCEPTED', 'BLOCKED']).optional(),
    /** Absent: unchanged; empty or null: removed. */
    label: z
      .string()
      .trim()
      .max(80)
      .nullable()
      .optional()
      .transform((v) => (v === undefined ? undefined : v || null)),
    /** Absent: unchanged; null: never expires. */
    expiresAt: z.coerce.date().nullable().optional(),
  }),
});

export const listIdTokensInput = z.object({
  q: z.string().trim().max(80).optional(),
  status: z.enum(['ACCEPTED', 'BLOCKED', 'EXPIRED', 'INVALID']).optional(),
  limit: z.number().int().min(1).max(500).default(200),
});

export const listed = {
  id: true,
  token: true,
  type: true,
  status: true,
  label: true,
  parentToken: true,
  expiresAt: true,
  createdAt: true,
  _count: { select: { transactions: true } },
} as const;

export function view<T extends { _count: { transactions: number } }>({ _count, ...card }: T) {
  return { ...card, sessions: _count.transactions };
}

/** The operator's cards, newest first; a vendor user sees the cards of its vendor. */
export async function listIdTokens({
  db,
  scope,
  input = {},
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listIdTokensInput>;
}) {
  const { q, status, limit } = listIdTokensInput.parse(input);
  const sdb = scopedDb(db, scope);
  const where: Prisma.IdTokenWhereInput = {
    type: { in: [...MANAGED_TOKEN_TYPES] },
    ...(status ? { status } : {}),
    ...(q
      ? {
          OR: [{ token: containsText(q) }, { label: containsText(q) }, { parentToken: containsText(q) }],
        }
      : {}),
  };
  const [tokens, total] = await Promise.all([
    sdb.idToken.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit, select: listed }),
    sdb.idToken.count({ where }),
  ]);
  return { tokens: tokens.map(view), total };
}

function isDuplicate(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
}

/** Registers a card. Ids compare without case (as OCPP does): "04a2" and "04A2" are one card. */
/** Who registered, blocked or changed a card, and when (the tenant's audit log). */
function audit(
  tx: Prisma.TransactionClient,
  scope: Scope,
  action: string,
  entityId: string | null,
  before: Prisma.InputJsonValue | undefined,
  after: Prisma.InputJsonValue,
) {
  return recordAudit(tx, scope, { action, entityType: 'IdToken', entityId, before, after });
}

const auditFields = (c: { token: string; status: string; label: string | null; expiresAt: Date | null }) => ({
  token: c.token,
  status: c.status,
  label: c.label,
  expiresAt: c.expiresAt?.toISOString() ?? null,
});

export async function createIdToken({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof createIdTokenInput>;
}) {
  assertAdmin(scope);
  const data = createIdTokenInput.parse(input);
  try {
    return await scopedDb(db, scope).$transaction(async (tx) => {
      const card = await tx.idToken.create({
        data: { ...data, tenantId: scope.tenantId },
        select: listed,
      });
      await audit(tx, scope, 'idToken.create', card.id, undefined, auditFields(card));
      return view(card);
    });
  } catch (e) {
    if (isDuplicate(e)) throw new AppError('CONFLICT', `${data.token} is already registered (ids ignore case)`);
    throw e;
  }
}

/** Blocks or unblocks a card, renames it or changes its expiry. */
export async function updateIdToken({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof updateIdTokenInput>;
}) {
  assertAdmin(scope);
  const { id, patch } = updateIdTokenInput.parse(input);
  const data: Prisma.IdTokenUpdateManyMutationInput = {
    ...(patch.status ? { status: patch.status } : {}),
    ...(patch.label !== undefined ? { label: patch.label } : {}),
    ...(patch.expiresAt !== undefined ? { expiresAt: patch.expiresAt } : {}),
  };
  return scopedDb(db, scope).$transaction(async (sdb) => {
    const where = { id, type: { in: [...MANAGED_TOKEN_TYPES] } };
    const before = await sdb.idToken.findFirst({ where, select: listed });
    if (!before) throw new AppError('NOT_FOUND', 'No such card');
    await sdb.idToken.updateMany({ where, data });
    const after = await sdb.idToken.findFirstOrThrow({ where: { id }, select: listed });
    await audit(
      sdb,
      scope,
      patch.status === 'BLOCKED' ? 'idToken.block' : 'idToken.update',
      id,
      auditFields(before),
      auditFields(after),
    );
    return view(after);
  });
}
