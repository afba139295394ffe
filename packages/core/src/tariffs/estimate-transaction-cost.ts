import type { Db } from '@magma/db';
import { estimateSession } from '@magma/tariff';
import { pricedAmounts, storedAmounts, type TransactionAmounts } from './transaction-amounts.ts';
import {
  billedSpan,
  findTransactionForPricing,
  samplesForTransaction,
  tariffForTransaction,
} from './transaction-pricing-input.ts';

export type TransactionEstimate = TransactionAmounts & {
  energyWh: number;
  /** The instant the estimate is for; final = the stored price of an ended, priced session. */
  at: Date;
  final: boolean;
};

/**
 * Cost so far of a session: energy up to the latest reading, time up to `now`. Reads only; an
 * ended and priced session returns its stored price. Null when no tariff applies.
 */
export async function estimateTransactionCost({
  db,
  tenantId,
  transactionId,
  now = new Date(),
}: {
  db: Db;
  tenantId: string;
  transactionId: string;
  now?: Date;
}): Promise<TransactionEstimate | null> {
  const tx = await findTransactionForPricing(db, { id: transactionId, tenantId });
  if (tx.pricedAt && tx.costMinor !== null) {
    return { ...storedAmounts(tx), energyWh: tx.energyWh, at: tx.pricedAt, final: true };
  }

  const tariff = await tariffForTransaction(db, tx);
  if (!tariff) return null;
  const end = tx.stoppedAt ?? now;
  const billed = billedSpan(tx, await samplesForTransaction(db, tx));
  const p = estimateSession(tariff.resolved.definition, {
    samples: billed.samples,
    timeZone: tx.tenant.timezone,
    startedAt: billed.startedAt,
    now: Math.max(end.getTime(), billed.startedAt),
  });
  return {
    ...pricedAmounts({ transactionId: tx.id, tariffVersionId: tariff.resolved.versionId, priced: p }),
    energyWh: Math.round(p.energyMwh / 1000),
    at: new Date(p.to),
    final: false,
  };
}
