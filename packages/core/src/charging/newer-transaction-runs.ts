import type { Db } from '@magma/db';

/**
 * Whether a transaction that started after `startedAt` is running on the charger's EVSE. A
 * connector's live figures and status follow the newest transaction there: an older session
 * delivered late from a charger's offline queue (its start, readings or end) is recorded in full,
 * but it does not move the connector from under the session running on it now.
 */
export async function newerTransactionRuns(
  db: Db,
  { chargerId, evseId, startedAt }: { chargerId: string; evseId: number; startedAt: Date },
): Promise<boolean> {
  const newer = await db.transaction.findFirst({
    where: { chargerId, status: 'ACTIVE', evseId, startedAt: { gt: startedAt } },
    select: { id: true },
  });
  return newer !== null;
}
