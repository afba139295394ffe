import type { ChargerCommandModel as ChargerCommand, Db, Prisma } from '@magma/db';
import { z } from 'zod';
import { commandReplyChannel, relayCommandsChannel, type Bus } from '../bus/types.ts';
import { isRelayInstanceAlive } from '../charging/relay-instance.ts';
import { AppError } from '../errors/app-error.ts';
import { emitCommandCompleted } from './command-events.ts';
import { isCommandAction, type RelayCommandMessage } from './actions.ts';

export type SendChargerCommandInput = {
  db: Db;
  bus: Bus;
  tenantId: string;
  chargerId: string;
  action: string;
  payload: Record<string, unknown>;
  requestedById?: string | null;
  source?: string;
  /** How long the charger has to answer once the relay sent the call. */
  timeoutMs?: number;
};

export const DEFAULT_TIMEOUT_MS = 30_000;
/** The longest a caller may give the charger to answer. */
export const MAX_TIMEOUT_MS = 300_000;
/** Extra wait for the relay itself (bus hop, DB writes) beyond the charger's own timeout. */
export const RELAY_GRACE_MS = 5_000;

const inputSchema = z.object({
  action: z.string().min(1).max(64),
  payload: z.record(z.string(), z.unknown()),
  source: z.string().min(1).max(32).default('dashboard'),
  timeoutMs: z.number().int().min(100).max(MAX_TIMEOUT_MS).default(DEFAULT_TIMEOUT_MS),
});

/**
 * Sends one CSMS → charger call through the relay that holds the charger's socket and resolves
 * with the final ChargerCommand row: RESPONDED (with the charger's reply), ERROR (its CALLERROR
 * or a schema violation), TIMEOUT, or OFFLINE (the socket went away between check and send).
 * A charger known to be offline fails fast with CHARGER_OFFLINE; that attempt is still recorded.
 */
export async function sendChargerCommand(input: SendChargerCommandInput): Promise<ChargerCommand> {
  const { db, bus, tenantId, chargerId } = input;
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success)
    throw new AppError('BAD_INPUT', `Invalid command: ${parsed.error.issues[0]?.message ?? 'bad input'}`);
  const { action, payload, source, timeoutMs } = parsed.data;

  const charger = await db.charger.findFirst({
    where: { id: chargerId, tenantId },
    select: { protocol: true, online: true, relayInstanceId: true, identity: true },
  });
  if (!charger) throw new AppError('NOT_FOUND', 'Charger not found');
  if (!isCommandAction(charger.protocol, action)) {
    throw new AppError(
      'BAD_INPUT',
      `${action} is not a command for ${charger.protocol === 'OCPP16' ? 'OCPP 1.6' : 'OCPP 2.0.1'} chargers`,
    );
  }

  const command = await db.chargerCommand.create({
    data: {
      tenantId,
      chargerId,
      action,
      payload: payload as Prisma.InputJsonObject,
      requestedById: input.requestedById ?? null,
      source,
    },
  });

  const failOffline = async (reason: string): Promise<never> => {
    await db.$transaction(async (tx) => {
      const row = await tx.chargerCommand.update({
        where: { id: command.id },
        data: { status: 'OFFLINE', error: reason, respondedAt: new Date() },
      });
      await emitCommandCompleted(tx, [row]);
    });
    throw new AppError('CHARGER_OFFLINE', `Charger ${charger.identity} is offline`, {
      details: { commandId: command.id },
    });
  };
  const relayId = charger.online ? charger.relayInstanceId : null;
  if (!relayId) return failOffline('Charger is offline');
  // Online, but held by a relay that stopped refreshing its row (it died without closing):
  // nobody would deliver the command, so it fails now rather than after the timeout.
  if (!(await isRelayInstanceAlive({ db, instanceId: relayId })))
    return failOffline('Charger is offline: the relay holding its connection stopped answering');

  let settle: () => void = () => {};
  const replied = new Promise<void>((resolve) => (settle = resolve));
  const unsubscribe = await bus.subscribe(commandReplyChannel(command.id), () => settle());
  const timer = setTimeout(settle, timeoutMs + RELAY_GRACE_MS);
  try {
    const message: RelayCommandMessage = { commandId: command.id, timeoutMs };
    await bus.publish(relayCommandsChannel(relayId), message);
    await replied;
  } finally {
    clearTimeout(timer);
    await unsubscribe();
  }

  // No reply from the relay at all (it died, or the bus dropped the message): the command is
  // closed as a timeout unless the relay finished it meanwhile.
  await db.$transaction(async (tx) => {
    const rows = await tx.chargerCommand.updateManyAndReturn({
      where: { id: command.id, status: { in: ['PENDING', 'SENT'] } },
      data: { status: 'TIMEOUT', error: 'No answer from the relay', respondedAt: new Date() },
    });
    await emitCommandCompleted(tx, rows);
  });
  return db.chargerCommand.findUniqueOrThrow({ where: { id: command.id } });
}
