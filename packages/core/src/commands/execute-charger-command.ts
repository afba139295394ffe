import type { Db, Prisma } from '@magma/db';
import { commandReplyChannel, type Bus } from '../bus/types.ts';
import type { CommandReplyMessage } from './actions.ts';

/** What happened when the relay tried to call the charger. */
export type CallOutcome =
  | { kind: 'result'; response: unknown }
  | { kind: 'error'; code: string; description: string }
  | { kind: 'timeout' }
  | { kind: 'offline' };

export type ChargerCall = (args: {
  chargerId: string;
  action: string;
  payload: unknown;
  timeoutMs: number;
}) => Promise<CallOutcome>;

/**
 * The relay's half of a command: take the PENDING row, mark it SENT, make the call, record the
 * outcome and tell the sender. A row that is no longer PENDING (duplicate delivery) is ignored.
 */
export async function executeChargerCommand({
  db,
  bus,
  commandId,
  timeoutMs,
  call,
}: {
  db: Db;
  bus: Bus;
  commandId: string;
  timeoutMs: number;
  call: ChargerCall;
}): Promise<CommandReplyMessage['status'] | null> {
  const claimed = await db.chargerCommand.updateMany({
    where: { id: commandId, status: 'PENDING' },
    data: { status: 'SENT', sentAt: new Date() },
  });
  if (claimed.count === 0) return null;
  const command = await db.chargerCommand.findUniqueOrThrow({ where: { id: commandId } });

  const outcome = await call({
    chargerId: command.chargerId,
    action: command.action,
    payload: command.payload,
    timeoutMs,
  });
  const respondedAt = new Date();
  let data: Prisma.ChargerCommandUpdateInput;
  switch (outcome.kind) {
    case 'result':
      data = { status: 'RESPONDED', response: (outcome.response ?? {}) as Prisma.InputJsonValue, respondedAt };
      break;
    case 'error':
      data = { status: 'ERROR', error: `${outcome.code}: ${outcome.description}`, respondedAt };
      break;
    case 'timeout':
      data = { status: 'TIMEOUT', error: `The charger did not answer within ${timeoutMs} ms`, respondedAt };
      break;
    case 'offline':
      data = { status: 'OFFLINE', error: 'Charger is not connected to this relay', respondedAt };
      break;
  }
  await db.chargerCommand.update({ where: { id: commandId }, data });
  const reply: CommandReplyMessage = { commandId, status: data.status as CommandReplyMessage['status'] };
  await bus.publish(commandReplyChannel(commandId), reply);
  return reply.status;
}
