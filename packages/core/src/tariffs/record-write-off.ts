import type { Db } from '@magma/db';
import { tariffDefinitionSchema } from '@magma/tariff';
import { AppError } from '../errors/app-error.ts';
import { billedAmounts, type BilledAmounts } from './billed-amounts.ts';
import { storedAmounts, ratedAmounts } from './transaction-amounts.ts';

export type TransactionBilling = {
  currency: string;
  taxRateBps: number;
  amounts: BilledAmounts;
};

async function readPriced(db: Db, transactionId: string) {
  const tx = await db.transaction.findUnique({
    where: { id: transactionId },
    select: {
      id: true,
      tariffVersionId: true,
      currency: true,
      costMinor: true,
      taxMinor: true,
      sponsorMinor: true,
      writtenOffMinor: true,
      costLines: true,
      pricedAt: true,
      tariffVersion: { select: { definition: true } },
    },
  });
  if (!tx) throw new AppError('NOT_FOUND', 'Transaction not found');
  if (!tx.pricedAt) throw new AppError('CONFLICT', 'The session is not priced yet');
  const parsed = tariffDefinitionSchema.safeParse(tx.tariffVersion?.definition);
  return { tx, stored: storedAmounts(tx), taxRateBps: parsed.success ? parsed.data.taxRateBps : 0 };
}

/** Who was billed what for a priced transaction: the tariff's price, sponsor, written off, driver. */
export async function transactionBilling({
  db,
  transactionId,
}: {
  db: Db;
  transactionId: string;
}): Promise<TransactionBilling> {
  const { stored, taxRateBps } = await readPriced(db, transactionId);
  return {
    currency: stored.currency,
    taxRateBps,
    amounts: billedAmounts({
      ...ratedAmounts(stored),
      sponsorMinor: stored.sponsorMinor,
      taxRateBps,
      writtenOffMinor: stored.writtenOffMinor,
    }),
  };
}

/**
 * Records that `writtenOffMinor` (tax included) of the driver's share of a priced transaction is
 * not billed, the operator bearing it: the transaction's costMinor and taxMinor become the taxable
 * value and tax of what is billed, which is what revenue and GST reports add up. Recomputed from
 * the rated lines each time, so calling it again (a retried settlement) changes nothing. A
 * re-pricing in between (pricedAt changed) is left alone: its figures are the newer ones.
 */
export async function recordWriteOff({
  db,
  transactionId,
  writtenOffMinor,
}: {
  db: Db;
  transactionId: string;
  writtenOffMinor: number;
}): Promise<TransactionBilling> {
  const { tx, stored, taxRateBps } = await readPriced(db, transactionId);
  const amounts = billedAmounts({
    ...ratedAmounts(stored),
    sponsorMinor: stored.sponsorMinor,
    taxRateBps,
    writtenOffMinor,
  });
  if (writtenOffMinor !== stored.writtenOffMinor) {
    await db.transaction.updateMany({
      where: { id: tx.id, pricedAt: tx.pricedAt },
      data: {
        costMinor: amounts.billed.taxableMinor,
        taxMinor: amounts.billed.taxMinor,
        writtenOffMinor: writtenOffMinor === 0 ? null : writtenOffMinor,
      },
    });
  }
  return { currency: stored.currency, taxRateBps, amounts };
}
