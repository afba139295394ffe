import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';

export const acknowledgeFaultInput = z.object({ faultId: z.uuid() });

/**
 * Records who acknowledged a fault, once, with an audit entry. The fault is found through the
 * scope, so a vendor user can acknowledge only its own chargers' faults; the audit row is written
 * by this use case (vendor users cannot write the audit log themselves). The actor is the signed-in
 * user, or the API client of a client-credentials token (which acts for no user).
 */
export async function acknowledgeFault({
  db,
  scope,
  input,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof acknowledgeFaultInput>;
  now?: Date;
}) {
  const { faultId } = acknowledgeFaultInput.parse(input);
  const userId = scope.userId;
  const clientId = userId ? null : (scope.clientId ?? null);
  if (!userId && !clientId) throw new AppError('UNAUTHENTICATED', 'Sign in to acknowledge faults');
  const fault = await scopedDb(db, scope).fault.findFirst({
    where: { id: faultId },
    select: { id: true, acknowledgedAt: true, code: true, chargerId: true, kind: true, endedAt: true },
  });
  if (!fault) throw new AppError('NOT_FOUND', 'No such fault');
  if (fault.acknowledgedAt) throw new AppError('CONFLICT', 'This fault was already acknowledged');
  // The scoped read above proved the fault is visible; the conditional update makes a second,
  // concurrent acknowledgement fail rather than overwrite the first one's author.
  // A security event has no message that clears it (OCPP names none): its alert ends when acknowledged.
  const ends = fault.kind === 'SECURITY_EVENT' && fault.endedAt === null;
  await db.$transaction(async (tx) => {
    const { count } = await tx.fault.updateMany({
      where: { id: faultId, tenantId: scope.tenantId, acknowledgedAt: null },
      data: {
        acknowledgedAt: now,
        acknowledgedById: userId,
        acknowledgedByClientId: clientId,
        ...(ends ? { endedAt: now } : {}),
      },
    });
    if (count === 0) throw new AppError('CONFLICT', 'This fault was already acknowledged');
    await tx.auditLog.create({
      data: {
        tenantId: scope.tenantId,
        actorUserId: userId,
        actorClientId: clientId,
        action: 'fault.acknowledge',
        entityType: 'Fault',
        entityId: faultId,
        before: { acknowledgedAt: null },
        after: {
          acknowledgedAt: now.toISOString(),
          acknowledgedById: userId,
          ...(clientId ? { acknowledgedByClientId: clientId } : {}),
          ...(ends ? { endedAt: now.toISOString() } : {}),
          code: fault.code,
          chargerId: fault.chargerId,
        },
        at: now,
      },
    });
  });
  return { id: faultId, acknowledgedAt: now, acknowledgedById: userId, acknowledgedByClientId: clientId };
}
