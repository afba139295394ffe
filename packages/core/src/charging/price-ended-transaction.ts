import { Prisma, type Db } from '@magma/db';
import { priceTransaction, type TransactionPrice } from '../tariffs/price-transaction.ts';

/** Clears a price, so that the transaction is priced again (on the charger's own final figures). */
export const UNPRICED = {
  costMinor: null,
  taxMinor: null,
  sponsorMinor: null,
  writtenOffMinor: null,
  costLines: Prisma.DbNull,
  pricedAt: null,
} satisfies Prisma.TransactionUpdateInput;

/**
 * Prices a transaction once it has ended and been committed (the tariffs use case decides the
 * tariff and writes the cost). A session with no applicable tariff stays unpriced; a pricing
 * failure is reported and never fails the charger's StopTransaction / TransactionEvent answer.
 * Returns the price, or null when the session stays unpriced.
 */
export async function priceEndedTransaction({
  db,
  tenantId,
  transactionId,
  onError = () => {},
}: {
  db: Db;
  tenantId: string;
  transactionId: string;
  onError?: (e: unknown) => void;
}): Promise<TransactionPrice | null> {
  try {
    return await priceTransaction({ db, tenantId, transactionId });
  } catch (e) {
    onError(e);
    return null;
  }
}
