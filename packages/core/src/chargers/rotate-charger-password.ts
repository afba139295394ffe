import { z } from 'zod';
import { Prisma, type Db } from '@magma/db';
import { hashSecret } from '../auth/password.ts';
import type { Bus } from '../bus/types.ts';
import { sendChargerCommand } from '../commands/send-charger-command.ts';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { generateChargerPassword } from './charger-password.ts';

// Rotating a connected charger's Basic-auth password, as one action: a password is generated, sent
// (2.0.1 SetVariables SecurityCtrlr.BasicAuthPassword, 1.6 ChangeConfiguration AuthorizationKey)
// and, once the charger accepts, its hash becomes the charger's. Admission keeps the old password
// valid until the charger connects with the new one (admit-charger.ts), and while no answer came
// (a charger may apply it and reconnect before answering) both are admitted: the one it connects
// with decides. Setting these keys through the generic configuration action would lock the charger
// out, so that action refuses them (isPasswordKey). The password is never returned or kept: the
// command row's payload is scrubbed once the call is over.

export const rotateChargerPasswordInput = z.object({ chargerId: z.uuid() });

/** The configuration keys that hold the charger's Basic-auth password (1.6 key, 2.0.1 variable). */
export function isPasswordKey(name: string): boolean {
  return /^(SecurityCtrlr[./])?(BasicAuthPassword|AuthorizationKey)$/i.test(name.trim());
}

const HIDDEN = '(rotated password, not kept)';

function passwordCall(protocol: 'OCPP16' | 'OCPP201', password: string) {
  return protocol === 'OCPP16'
    ? { action: 'ChangeConfiguration', payload: { key: 'AuthorizationKey', value: password } }
    : {
        action: 'SetVariables',
        payload: {
          setVariableData: [
            {
              component: { name: 'SecurityCtrlr' },
              variable: { name: 'BasicAuthPassword' },
              attributeValue: password,
            },
          ],
        },
      };
}

/** The charger's word on the new password: Accepted (or RebootRequired: it applies it on reboot). */
function accepted(response: unknown): boolean {
  const r = response as { status?: unknown; setVariableResult?: { attributeStatus?: unknown }[] } | null;
  const status = r?.setVariableResult?.[0]?.attributeStatus ?? r?.status;
  return status === 'Accepted' || status === 'RebootRequired';
}

export type PasswordRotationResult = {
  rotationId: string;
  /** ACCEPTED: the charger took it; REFUSED: it said no (the old one stays); SENT: no word (both admitted). */
  status: 'SENT' | 'ACCEPTED' | 'REFUSED';
  command: { id: string; action: string; status: string; response: unknown; error: string | null };
};

export async function rotateChargerPassword({
  db,
  bus,
  scope,
  input,
  timeoutMs,
}: {
  db: Db;
  bus: Bus;
  scope: Scope;
  input: z.input<typeof rotateChargerPasswordInput>;
  timeoutMs?: number;
}): Promise<PasswordRotationResult> {
  assertAdmin(scope);
  const { chargerId } = rotateChargerPasswordInput.parse(input);
  const charger = await scopedDb(db, scope).charger.findFirst({
    where: { id: chargerId },
    select: { id: true, identity: true, protocol: true, online: true, passwordHash: true, securityProfile: true },
  });
  if (!charger) throw new AppError('NOT_FOUND', 'No such charger');
  if (!charger.online) throw new AppError('CHARGER_OFFLINE', `Charger ${charger.identity} is offline`);

  const password = generateChargerPassword();
  // Written before the call: a charger that applies it and reconnects at once is admitted with it.
  const rotation = await db.chargerPasswordRotation.create({
    data: {
      tenantId: scope.tenantId,
      chargerId,
      previousHash: charger.passwordHash,
      newHash: await hashSecret(password),
      requestedById: scope.userId,
    },
  });
  await audit(db, scope, chargerId, 'charger.password.rotation_sent', { identity: charger.identity });

  const call = passwordCall(charger.protocol, password);
  const row = await sendChargerCommand({
    db,
    bus,
    tenantId: scope.tenantId,
    chargerId,
    action: call.action,
    payload: call.payload,
    requestedById: scope.userId,
    source: 'password-rotation',
    timeoutMs,
  }).catch(async (e: unknown) => {
    const commandId = AppError.is(e) ? (e.details as { commandId?: string } | undefined)?.commandId : undefined;
    if (!commandId) throw e;
    return db.chargerCommand.findUniqueOrThrow({ where: { id: commandId } });
  });
  await db.chargerCommand.update({
    where: { id: row.id },
    data: { payload: passwordCall(charger.protocol, HIDDEN).payload as Prisma.InputJsonObject },
  });

  const answeredAt = new Date();
  let status: PasswordRotationResult['status'] = 'SENT';
  if (row.status === 'RESPONDED' && accepted(row.response)) status = 'ACCEPTED';
  // A CALLERROR, a timeout or a lost socket says nothing of whether the charger applied it.
  else if (row.status === 'RESPONDED') status = 'REFUSED';
  // The charger may have connected with the new password meanwhile (the rotation is then complete).
  const stillSent = { id: rotation.id, status: 'SENT' as const };
  if (status === 'ACCEPTED') {
    await db.$transaction([
      db.chargerPasswordRotation.updateMany({ where: stillSent, data: { status, answeredAt, commandId: row.id } }),
      db.charger.update({
        where: { id: chargerId },
        data: { passwordHash: rotation.newHash, securityProfile: Math.max(1, charger.securityProfile) },
      }),
    ]);
  } else {
    await db.chargerPasswordRotation.updateMany({
      where: stillSent,
      data: { status, commandId: row.id, ...(status === 'REFUSED' ? { answeredAt } : {}) },
    });
  }
  await audit(db, scope, chargerId, `charger.password.rotation_${status.toLowerCase()}`, {
    identity: charger.identity,
    command: row.action,
    commandStatus: row.status,
  });
  return {
    rotationId: rotation.id,
    status,
    command: { id: row.id, action: row.action, status: row.status, response: row.response, error: row.error },
  };
}

async function audit(db: Db, scope: Scope, chargerId: string, action: string, after: Prisma.InputJsonObject) {
  await db.auditLog.create({
    data: {
      tenantId: scope.tenantId,
      actorUserId: scope.userId,
      action,
      entityType: 'Charger',
      entityId: chargerId,
      after,
    },
  });
}

type Verify = (password: string, hash: string) => Promise<boolean>;

/**
 * Admission's second look, for a password that is not the charger's current one: the new password
 * of its open rotation (the charger took it: it becomes the charger's, the rotation is complete),
 * or the old one (still valid until the charger connects with the new).
 */
export async function rotationAdmits({
  db,
  chargerId,
  password,
  verify,
}: {
  db: Db;
  chargerId: string;
  password: string;
  verify: Verify;
}): Promise<boolean> {
  const open = await db.chargerPasswordRotation.findFirst({
    where: { chargerId, status: { in: ['SENT', 'ACCEPTED'] } },
    orderBy: { createdAt: 'desc' },
  });
  if (!open) return false;
  if (await verify(password, open.newHash)) {
    await db.$transaction([
      db.chargerPasswordRotation.update({
        where: { id: open.id },
        data: { status: 'COMPLETED', completedAt: new Date() },
      }),
      db.charger.update({ where: { id: chargerId }, data: { passwordHash: open.newHash } }),
    ]);
    return true;
  }
  return open.previousHash !== null && verify(password, open.previousHash);
}

/** The charger connected with its current password: an accepted rotation to it is complete. */
export async function completeRotation({
  db,
  chargerId,
  passwordHash,
}: {
  db: Db;
  chargerId: string;
  passwordHash: string;
}) {
  await db.chargerPasswordRotation.updateMany({
    where: { chargerId, status: 'ACCEPTED', newHash: passwordHash },
    data: { status: 'COMPLETED', completedAt: new Date() },
  });
}
