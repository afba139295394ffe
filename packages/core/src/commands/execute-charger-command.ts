import type { Db, Prisma } from '@magma/db';
import { commandReplyChannel, type Bus } from '../bus/types.ts';
import type { CommandReplyMessage } from './actions.ts';
import { emitCommandCompleted } from './command-events.ts';
import { isSplitAction, mergeReplies, splitCall } from './split-call.ts';
import { readCallLimits } from './variable-limits.ts';

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

  const outcome = await callInParts({
    db,
    call,
    chargerId: command.chargerId,
    action: command.action,
    payload: command.payload as Record<string, unknown>,
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
  await db.$transaction(async (tx) => {
    await emitCommandCompleted(tx, [await tx.chargerCommand.update({ where: { id: commandId }, data })]);
  });
  const reply: CommandReplyMessage = { commandId, status: data.status as CommandReplyMessage['status'] };
  await bus.publish(commandReplyChannel(commandId), reply);
  return reply.status;
}

/**
 * Sends a request that names many variables in the parts the charger's limits allow (split-call.ts),
 * one after the other, and answers with the merged reply. A part that fails ends it: its outcome is
 * the command's, saying how many parts were answered before.
 */
async function callInParts({
  db,
  call,
  chargerId,
  action,
  payload,
  timeoutMs,
}: {
  db: Db;
  call: ChargerCall;
  chargerId: string;
  action: string;
  payload: Record<string, unknown>;
  timeoutMs: number;
}): Promise<CallOutcome> {
  if (!isSplitAction(action)) return call({ chargerId, action, payload, timeoutMs });
  const parts = splitCall(action, payload, (await readCallLimits({ db, chargerId }))[action]);
  const replies: Record<string, unknown>[] = [];
  // The parts share the command's timeout: the sender waits for the whole, not per part.
  const deadline = Date.now() + timeoutMs;
  for (const [n, part] of parts.entries()) {
    const left = deadline - Date.now();
    if (left <= 0) return { kind: 'timeout' };
    const outcome = await call({ chargerId, action, payload: part, timeoutMs: left });
    if (outcome.kind !== 'result') {
      if (outcome.kind === 'error' && parts.length > 1)
        return { ...outcome, description: `part ${n + 1} of ${parts.length}: ${outcome.description}` };
      return outcome;
    }
    replies.push((outcome.response ?? {}) as Record<string, unknown>);
  }
  return { kind: 'result', response: mergeReplies(action, replies) };
}
