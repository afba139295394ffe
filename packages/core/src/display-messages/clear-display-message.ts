import type { z } from 'zod';
import { answerOf, callCharger, replyOf, type CallDeps, type CommandReply } from '../device-model/charger-call.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { displayCharger } from './charger.ts';
import { clearDisplayMessageInput } from './schemas.ts';

/**
 * O05: removes one message from the charger's screen. Accepted or Unknown (the charger does not
 * hold it) both mean it is not there any more, and the stored row goes.
 */
export async function clearDisplayMessage(
  deps: CallDeps & { input: z.input<typeof clearDisplayMessageInput> },
): Promise<{ command: CommandReply; answer: string }> {
  const { db, scope } = deps;
  const { chargerId, id } = clearDisplayMessageInput.parse(deps.input);
  await displayCharger(db, scope, chargerId);
  const row = await callCharger(deps, chargerId, 'ClearDisplayMessage', { id });
  const answer = answerOf(row);
  if (answer === 'Accepted' || answer === 'Unknown')
    await scopedDb(db, scope).chargerDisplayMessage.deleteMany({ where: { chargerId, messageId: id } });
  return { command: replyOf(row), answer };
}
