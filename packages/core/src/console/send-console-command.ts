import type { ChargerCommandModel, Db, Prisma } from '@magma/db';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { Bus } from '../bus/types.ts';
import { isPasswordKey } from '../chargers/rotate-charger-password.ts';
import { COMMAND_ACTIONS, isCommandAction } from '../commands/actions.ts';
import { sendChargerCommand } from '../commands/send-charger-command.ts';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { requestSchemaErrors, type SchemaError } from './official-schemas.ts';

// The raw command console (operator admins): any CSMS → charger action of the charger's version
// with a JSON payload the admin writes. The payload is checked against the official schema here,
// so the admin sees every schema error before anything is sent or recorded; a valid one is sent
// like any command (the relay validates again), recorded in the charger's command log with source
// "console" and the reply, and audited with the payload.

/** A payload beyond this is not something an admin types: SendLocalList and certificates fit well within. */
export const MAX_CONSOLE_PAYLOAD_BYTES = 64 * 1024;

export const consoleCommandInput = z.object({
  chargerId: z.uuid(),
  action: z.string().trim().min(1).max(64),
  payload: z
    .record(z.string(), z.unknown())
    .refine((p) => Buffer.byteLength(JSON.stringify(p)) <= MAX_CONSOLE_PAYLOAD_BYTES, {
      message: `The payload is over ${MAX_CONSOLE_PAYLOAD_BYTES / 1024} KB`,
    }),
});

export type ConsoleCommand = Pick<
  ChargerCommandModel,
  'id' | 'action' | 'status' | 'response' | 'error' | 'requestedAt' | 'respondedAt'
> & { payload: unknown };

export type ConsoleResult = { sent: false; schemaErrors: SchemaError[] } | { sent: true; command: ConsoleCommand };

/** The charger's Basic-auth password goes through the rotation action, which keeps the charger admitted. */
function namesPassword(action: string, payload: Record<string, unknown>): boolean {
  if (action === 'ChangeConfiguration') return isPasswordKey(String(payload.key ?? ''));
  if (action === 'SetVariables') {
    const data = Array.isArray(payload.setVariableData) ? payload.setVariableData : [];
    return data.some((d: { component?: { name?: unknown }; variable?: { name?: unknown } }) =>
      isPasswordKey(`${String(d?.component?.name ?? '')}.${String(d?.variable?.name ?? '')}`),
    );
  }
  return false;
}

const SECRET = /pass|secret|privatekey|authorizationkey/i;
/** The payload as the audit log keeps it: a value under a secret-looking name is hidden. */
function audited(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(
    JSON.stringify(value, (k, v: unknown) => (SECRET.test(k) && typeof v === 'string' ? '(hidden)' : v)),
  ) as Prisma.InputJsonValue;
}

export const pickConsoleCommand = (r: ChargerCommandModel): ConsoleCommand => ({
  id: r.id,
  action: r.action,
  payload: r.payload,
  status: r.status,
  response: r.response,
  error: r.error,
  requestedAt: r.requestedAt,
  respondedAt: r.respondedAt,
});

export async function sendConsoleCommand({
  db,
  bus,
  scope,
  input,
  timeoutMs,
}: {
  db: Db;
  bus: Bus;
  scope: Scope;
  input: z.input<typeof consoleCommandInput>;
  timeoutMs?: number;
}): Promise<ConsoleResult> {
  assertAdmin(scope);
  const { chargerId, action, payload } = consoleCommandInput.parse(input);
  const charger = await scopedDb(db, scope).charger.findFirst({
    where: { id: chargerId },
    select: { id: true, protocol: true },
  });
  if (!charger) throw new AppError('NOT_FOUND', 'No such charger');
  if (!isCommandAction(charger.protocol, action))
    throw new AppError(
      'BAD_INPUT',
      `${action} is not a CSMS → charger action of ${charger.protocol === 'OCPP16' ? 'OCPP 1.6' : 'OCPP 2.0.1'}: one of ${COMMAND_ACTIONS[charger.protocol].join(', ')}`,
    );
  const schemaErrors = requestSchemaErrors(charger.protocol, action, payload);
  if (schemaErrors.length) return { sent: false, schemaErrors };
  if (namesPassword(action, payload))
    throw new AppError(
      'BAD_INPUT',
      "The charger's password (BasicAuthPassword, AuthorizationKey) is changed with the password rotation action, which keeps the charger admitted",
    );
  await recordAudit(db, scope, {
    action: 'charger.console_command',
    entityType: 'Charger',
    entityId: chargerId,
    after: { command: action, payload: audited(payload) },
  });
  try {
    const row = await sendChargerCommand({
      db,
      bus,
      tenantId: scope.tenantId,
      chargerId,
      action,
      payload,
      requestedById: scope.userId,
      source: 'console',
      timeoutMs,
    });
    return { sent: true, command: pickConsoleCommand(row) };
  } catch (e) {
    const commandId =
      AppError.is(e) && e.code === 'CHARGER_OFFLINE'
        ? (e.details as { commandId?: string } | undefined)?.commandId
        : undefined;
    if (!commandId) throw e;
    return {
      sent: true,
      command: pickConsoleCommand(await db.chargerCommand.findUniqueOrThrow({ where: { id: commandId } })),
    };
  }
}

/** The console's last 20 commands on the charger, with their replies (operator admins). */
export async function listConsoleCommands({ db, scope, chargerId }: { db: Db; scope: Scope; chargerId: string }) {
  assertAdmin(scope);
  const sdb = scopedDb(db, scope);
  const charger = await sdb.charger.findFirst({ where: { id: z.uuid().parse(chargerId) }, select: { protocol: true } });
  if (!charger) throw new AppError('NOT_FOUND', 'No such charger');
  const rows = await sdb.chargerCommand.findMany({
    where: { chargerId, source: 'console' },
    orderBy: { requestedAt: 'desc' },
    take: 20,
  });
  return { actions: [...COMMAND_ACTIONS[charger.protocol]].sort(), commands: rows.map(pickConsoleCommand) };
}
