import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '@magma/db';
import { hashSecret } from '../auth/password.ts';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';

// A charger's Basic-auth password (OCPP security profiles 1 and 2). The operator sets a new one
// (typed, or generated here) and configures the same on the charger (1.6: its AuthorizationKey or
// vendor setting, 2.0.1: SecurityCtrlr.BasicAuthPassword); the relay checks it at the next
// connection. It is shown once and stored only as a scrypt hash. Removing it drops the charger to
// profile 0 (identity only), which the page warns about.

// 1.6 security extension passwordString: 16 to 40 characters, letters, digits and *-_=:+|@.
const PASSWORD = /^[A-Za-z0-9*\-_=:+|@.]{16,40}$/;
const GENERATED_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const GENERATED_LENGTH = 24;

export const setChargerPasswordInput = z.object({
  chargerId: z.uuid(),
  /** Absent: one is generated (24 characters, ~140 bits). */
  password: z.string().regex(PASSWORD, 'A charger password has 16 to 40 letters, digits or *-_=:+|@.').optional(),
});

export const clearChargerPasswordInput = z.object({ chargerId: z.uuid() });

export function generateChargerPassword(): string {
  let out = '';
  for (let i = 0; i < GENERATED_LENGTH; i++) out += GENERATED_ALPHABET[randomInt(GENERATED_ALPHABET.length)];
  return out;
}

async function changePassword(db: Db, scope: Scope, chargerId: string, passwordHash: string | null, action: string) {
  return scopedDb(db, scope).$transaction(async (tx) => {
    const before = await tx.charger.findFirst({
      where: { id: chargerId },
      select: { identity: true, securityProfile: true },
    });
    if (!before) throw new AppError('NOT_FOUND', 'No such charger');
    // A password means profile 1 at least (2 stays 2: TLS is the relay's); none means profile 0.
    const securityProfile = passwordHash ? Math.max(1, before.securityProfile) : 0;
    await tx.charger.updateMany({ where: { id: chargerId }, data: { passwordHash, securityProfile } });
    await tx.auditLog.create({
      data: {
        tenantId: scope.tenantId,
        actorUserId: scope.userId,
        action,
        entityType: 'Charger',
        entityId: chargerId,
        before: { securityProfile: before.securityProfile },
        after: { identity: before.identity, securityProfile },
      },
    });
    return { securityProfile };
  });
}

/** Sets a new password and returns it, once: it is not stored in the clear anywhere. */
export async function setChargerPassword({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof setChargerPasswordInput>;
}): Promise<{ password: string; securityProfile: number }> {
  assertAdmin(scope);
  const { chargerId, password = generateChargerPassword() } = setChargerPasswordInput.parse(input);
  const { securityProfile } = await changePassword(
    db,
    scope,
    chargerId,
    await hashSecret(password),
    'charger.password.set',
  );
  return { password, securityProfile };
}

/** Removes the password: the charger is then admitted on its identity alone (profile 0). */
export async function clearChargerPassword({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof clearChargerPasswordInput>;
}): Promise<{ securityProfile: number }> {
  assertAdmin(scope);
  const { chargerId } = clearChargerPasswordInput.parse(input);
  return changePassword(db, scope, chargerId, null, 'charger.password.clear');
}
