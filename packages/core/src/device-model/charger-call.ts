import { z } from 'zod';
import type { ChargerCommandModel, Db, Prisma } from '@magma/db';
import { recordAudit } from '../audit/record-audit.ts';
import type { Bus } from '../bus/types.ts';
import { sendChargerCommand } from '../commands/send-charger-command.ts';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';

// What every device-model operation shares: the charger looked up through the scope (a 2.0.1
// charger: the device model is 2.0.1's), the command sent and recorded in the charger's command
// log with the charger's answer, and the operator's action audited.

export type CommandReply = Pick<ChargerCommandModel, 'id' | 'action' | 'status' | 'response' | 'error'>;

export type CallDeps = { db: Db; bus: Bus; scope: Scope; timeoutMs?: number };

export async function findCharger(db: Db, scope: Scope, chargerId: string, { need201 = true } = {}) {
  const charger = await scopedDb(db, scope).charger.findFirst({
    where: { id: z.uuid().parse(chargerId) },
    select: { id: true, protocol: true, identity: true, tenantId: true },
  });
  if (!charger) throw new AppError('NOT_FOUND', 'No such charger');
  if (need201 && charger.protocol !== 'OCPP201')
    throw new AppError('BAD_INPUT', 'The device model and monitoring are OCPP 2.0.1: this charger speaks OCPP 1.6');
  return charger;
}

export const replyOf = (r: ChargerCommandModel): CommandReply => ({
  id: r.id,
  action: r.action,
  status: r.status,
  response: r.response,
  error: r.error,
});

/** The charger's status field when it answered, else how the command ended (ERROR, TIMEOUT, OFFLINE). */
export function answerOf(row: Pick<ChargerCommandModel, 'status' | 'response'>): string {
  const status = (row.response as { status?: unknown } | null)?.status;
  return row.status === 'RESPONDED' && typeof status === 'string' ? status : row.status;
}

/** Sends one command; an offline charger is an answer the operator sees (the attempt is recorded). */
export async function callCharger(
  { db, bus, scope, timeoutMs }: CallDeps,
  chargerId: string,
  action: string,
  payload: Record<string, unknown>,
  /** What the audit log keeps of the payload when it holds secrets (a VPN password). */
  audited: Record<string, unknown> = payload,
): Promise<ChargerCommandModel> {
  await recordAudit(db, scope, {
    action: 'charger.command_sent',
    entityType: 'Charger',
    entityId: chargerId,
    after: { command: action, payload: audited as Prisma.InputJsonObject },
  });
  try {
    return await sendChargerCommand({
      db,
      bus,
      tenantId: scope.tenantId,
      chargerId,
      action,
      payload,
      requestedById: scope.userId,
      source: 'dashboard',
      timeoutMs,
    });
  } catch (e) {
    const commandId =
      AppError.is(e) && e.code === 'CHARGER_OFFLINE'
        ? (e.details as { commandId?: string } | undefined)?.commandId
        : undefined;
    if (!commandId) throw e;
    return db.chargerCommand.findUniqueOrThrow({ where: { id: commandId } });
  }
}
