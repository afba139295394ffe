import { Prisma, type Db } from '@magma/db';
import { priceSession } from '@magma/tariff';
import { AppError } from '../errors/app-error.ts';
import { postPricedTransaction } from '../ledger/post-session-settlement.ts';
import { pricedAmounts, storedAmounts, type StoredPrice, type TransactionAmounts } from './transaction-amounts.ts';
import {
  billedSpan,
  findTransactionForPricing,
  samplesForTransaction,
  tariffForTransaction,
  transactionSelect,
} from './transaction-pricing-input.ts';

export type PriceTransactionArgs = {
  db: Db;
  /** When given, the transaction must belong to this tenant. The relay's end-of-session hook,
   * which only knows the transaction id, may leave it out. */
  tenantId?: string;
  transactionId: string;
  now?: Date;
};

export type TransactionPrice = TransactionAmounts & {
  pricedAt: Date;
  /** False when this call priced it; true when it had been priced before and nothing changed. */
  alreadyPriced: boolean;
};

/**
 * Prices an ended transaction once and stores the result: costMinor (before tax), taxMinor,
 * sponsorMinor, the priced lines and the tariff version used. The version is the one recorded on
 * the transaction, or the one active for its connector when it started, which is then recorded.
 * Idempotent: a priced transaction is returned as stored, and of two concurrent calls one writes.
 */
export async function priceTransaction({
  db,
  tenantId,
  transactionId,
  now = new Date(),
}: PriceTransactionArgs): Promise<TransactionPrice> {
  const tx = await findTransactionForPricing(db, { id: transactionId, ...(tenantId ? { tenantId } : {}) });
  if (tx.pricedAt) return stored(tx, true);
  if (tx.status !== 'COMPLETED') {
    throw new AppError('CONFLICT', 'The session is still running: estimate it instead of pricing it');
  }

  const tariff = await tariffForTransaction(db, tx);
  if (!tariff) throw new AppError('CONFLICT', 'No tariff applies to this session');
  const billed = billedSpan(tx, await samplesForTransaction(db, tx));
  const priced = priceSession(tariff.resolved.definition, {
    samples: billed.samples,
    timeZone: tx.tenant.timezone,
    startedAt: billed.startedAt,
    endedAt: Math.max((tx.stoppedAt ?? tx.lastMeterAt ?? tx.startedAt).getTime(), billed.startedAt),
  });

  // A session nobody settles afterwards (an id-token session billed on account, or a free one)
  // enters the ledger with its price, in the same database transaction.
  const written = await db.$transaction(async (t) => {
    const w = await t.transaction.updateMany({
      where: { id: tx.id, tenantId: tx.tenantId, pricedAt: null },
      data: {
        tariffVersionId: tariff.resolved.versionId,
        currency: priced.currency,
        costMinor: priced.subtotalMinor,
        taxMinor: priced.taxMinor,
        sponsorMinor: priced.sponsorMinor,
        writtenOffMinor: null,
        costLines: priced.lines as unknown as Prisma.InputJsonValue,
        pricedAt: now,
      },
    });
    if (w.count > 0) await postPricedTransaction({ tx: t, transactionId: tx.id, at: now });
    return w;
  });
  if (written.count === 0) {
    // Someone priced it between our read and our write: theirs stands.
    const again = await db.transaction.findFirstOrThrow({ where: { id: tx.id }, select: transactionSelect });
    return stored(again, true);
  }
  return {
    ...pricedAmounts({ transactionId: tx.id, tariffVersionId: tariff.resolved.versionId, priced }),
    pricedAt: now,
    alreadyPriced: false,
  };
}

function stored(tx: StoredPrice & { pricedAt: Date | null }, alreadyPriced: boolean): TransactionPrice {
  return { ...storedAmounts(tx), pricedAt: tx.pricedAt!, alreadyPriced };
}
