import type { z } from 'zod';
import { answerOf, callCharger, replyOf, type CallDeps, type CommandReply } from '../device-model/charger-call.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { displayCharger } from './charger.ts';
import { rowOf, toMessageInfo } from './message-info.ts';
import { setDisplayMessageInput } from './schemas.ts';

export type SetDisplayMessageResult = { command: CommandReply; answer: string; messageId: number };

/**
 * O01/O02: sends one message for the charger's screen. The charger's answer is the outcome
 * (Accepted, NotSupportedMessageFormat, NotSupportedPriority, NotSupportedState,
 * UnknownTransaction, Rejected); only an accepted message is stored as the charger's.
 */
export async function setDisplayMessage(
  deps: CallDeps & { input: z.input<typeof setDisplayMessageInput> },
): Promise<SetDisplayMessageResult> {
  const { db, scope } = deps;
  const { chargerId, message } = setDisplayMessageInput.parse(deps.input);
  await displayCharger(db, scope, chargerId);
  const sdb = scopedDb(db, scope);
  const id =
    message.id ??
    ((await sdb.chargerDisplayMessage.aggregate({ where: { chargerId }, _max: { messageId: true } }))._max.messageId ??
      0) + 1;
  const info = toMessageInfo({ ...message, id });
  const row = await callCharger(deps, chargerId, 'SetDisplayMessage', { message: info });
  const answer = answerOf(row);
  if (answer === 'Accepted') {
    const columns = { ...rowOf(info), source: 'SET', setById: scope.userId, reportRequestId: null };
    await sdb.chargerDisplayMessage.upsert({
      where: { chargerId_messageId: { chargerId, messageId: id } },
      create: { tenantId: scope.tenantId, chargerId, messageId: id, ...columns },
      update: columns,
    });
  }
  return { command: replyOf(row), answer, messageId: id };
}
