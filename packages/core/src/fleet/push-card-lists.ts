import type { Db } from '@magma/db';
import type { Bus } from '../bus/types.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { cardList, sendChargerAction } from './send-charger-action.ts';

// After cards change, the operator pushes the list to every charger that is online, so a card
// blocked here is refused even when a charger loses its connection. Each push is an ordinary
// SendLocalList command (recorded in the charger's command history); a few go out at a time.

const IN_FLIGHT = 8;

export type CardListPush = {
  /** Online chargers the list was sent to. */
  sent: number;
  /** They stored it (status Accepted). */
  accepted: number;
  /** Answered otherwise (Failed, NotSupported, VersionMismatch), an error, or no answer in time. */
  refused: { identity: string; outcome: string }[];
};

export async function pushCardListsToFleet({
  db,
  bus,
  scope,
  timeoutMs,
}: {
  db: Db;
  bus: Bus;
  scope: Scope;
  timeoutMs?: number;
}): Promise<CardListPush> {
  assertAdmin(scope);
  const chargers = await scopedDb(db, scope).charger.findMany({
    where: { online: true, registration: 'ACCEPTED' },
    select: { id: true, identity: true },
    orderBy: { identity: 'asc' },
  });
  const cards = await cardList(db, scope);
  const result: CardListPush = { sent: 0, accepted: 0, refused: [] };
  let next = 0;
  async function worker() {
    while (next < chargers.length) {
      const charger = chargers[next++]!;
      const row = await sendChargerAction({
        db,
        bus,
        scope,
        input: { chargerId: charger.id, action: { kind: 'sendCardList' } },
        timeoutMs,
        cards,
      }).catch((e: unknown) => ({ status: 'ERROR', response: null, error: (e as Error).message }) as const);
      if (row.status === 'OFFLINE') continue;
      result.sent++;
      const status = (row.response as { status?: string } | null)?.status;
      if (row.status === 'RESPONDED' && status === 'Accepted') result.accepted++;
      else result.refused.push({ identity: charger.identity, outcome: status ?? row.error ?? row.status });
    }
  }
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, chargers.length) }, worker));
  return result;
}
