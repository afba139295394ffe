import { randomInt } from 'node:crypto';
import type { Prisma } from '@magma/db';
import type { z } from 'zod';
import { answerOf, callCharger, replyOf, type CallDeps, type CommandReply } from '../device-model/charger-call.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { displayCharger } from './charger.ts';
import { getDisplayMessagesInput } from './schemas.ts';

/**
 * O03/O04: asks the charger for the messages it holds (all, or by ids, priority, state). The
 * report row exists before the request leaves, so NotifyDisplayMessages parts that overtake the
 * answer find it; see receive-display-messages.ts for their assembly. Unknown: nothing matches,
 * and when every message was asked for, the charger holds none.
 */
export async function requestDisplayMessages(
  deps: CallDeps & { input: z.input<typeof getDisplayMessagesInput> },
): Promise<{ command: CommandReply; answer: string; requestId: number }> {
  const { db, scope } = deps;
  const { chargerId, ids, priority, state } = getDisplayMessagesInput.parse(deps.input);
  await displayCharger(db, scope, chargerId);
  const sdb = scopedDb(db, scope);
  const requestId = randomInt(1, 2 ** 31 - 1);
  const all = !ids?.length && !priority && !state;
  const filter = all
    ? undefined
    : ({ ids: ids ?? [], priority: priority ?? null, state: state ?? null } as Prisma.InputJsonObject);
  const report = await sdb.displayMessageReport.create({
    data: { tenantId: scope.tenantId, chargerId, requestId, filter, requestedById: scope.userId },
  });
  const row = await callCharger(deps, chargerId, 'GetDisplayMessages', {
    requestId,
    ...(ids?.length ? { id: ids } : {}),
    ...(priority ? { priority } : {}),
    ...(state ? { state } : {}),
  });
  const answer = answerOf(row);
  if (answer === 'Accepted') {
    await sdb.displayMessageReport.update({ where: { id: report.id }, data: { answer, commandId: row.id } });
  } else {
    const now = new Date();
    await sdb.displayMessageReport.update({
      where: { id: report.id },
      data: { answer, commandId: row.id, status: answer === 'Unknown' ? 'COMPLETE' : 'REFUSED', completedAt: now },
    });
    if (answer === 'Unknown' && all)
      await sdb.chargerDisplayMessage.deleteMany({ where: { chargerId, updatedAt: { lt: report.createdAt } } });
  }
  return { command: replyOf(row), answer, requestId };
}
