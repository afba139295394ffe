import { Prisma, type Db, type IdTokenStatus } from '@magma/db';
import type { IdTokenCheck } from './types.ts';

/**
 * Looks a token up in the charger's tenant only: a token of another tenant is Invalid here. OCPP
 * id tokens are case-insensitive (1.6 CiString20Type, 2.0.1 IdTokenType), so "04a2b3c4" finds the
 * card registered as "04A2B3C4". The generated key upper(token) is unique per tenant, so this is
 * one lookup in its unique index.
 */
export async function checkIdToken({
  db,
  tenantId,
  token,
  now = new Date(),
}: {
  db: Db;
  tenantId: string;
  token: string;
  now?: Date;
}): Promise<IdTokenCheck> {
  const [row] = await db.$queryRaw<TokenRow[]>(Prisma.sql`
    SELECT id, ${TOKEN_STATUS} AS status, "expiresAt", "parentToken" FROM "IdToken" t
    WHERE "tenantId" = ${tenantId}::uuid AND "tokenKey" = upper(${token})`);
  return idTokenCheckOf(row ?? null, now);
}

/**
 * The status a charger is told of the IdToken row `t`. A driver PIN holder's id is no card: it
 * authorises only the session its PIN started (the remote start carries it), while that session is
 * starting or charging. Typed at a keypad or written to a card without the PIN, it is Invalid.
 */
export const TOKEN_STATUS = Prisma.sql`CASE WHEN t.type = 'PIN' AND NOT EXISTS (
    SELECT 1 FROM "DriverSession" d WHERE d."idTokenId" = t.id AND d.status IN ('STARTING', 'CHARGING'))
  THEN 'INVALID' ELSE t.status::text END`;

type TokenRow = { id: string; status: IdTokenStatus; expiresAt: Date | null; parentToken: string | null };

/** The verdict on a token row of the charger's tenant (null: no such token there). */
export function idTokenCheckOf(row: TokenRow | null, now: Date): IdTokenCheck {
  if (!row) return { status: 'Invalid', idTokenId: null, expiresAt: null, parentToken: null };
  const base = { idTokenId: row.id, expiresAt: row.expiresAt, parentToken: row.parentToken };
  if (row.status === 'BLOCKED') return { status: 'Blocked', ...base };
  if (row.status === 'INVALID') return { status: 'Invalid', ...base };
  if (row.status === 'EXPIRED' || (row.expiresAt && row.expiresAt <= now)) return { status: 'Expired', ...base };
  return { status: 'Accepted', ...base };
}
