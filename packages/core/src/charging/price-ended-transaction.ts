import type { Db } from '@magma/db';

// Pricing belongs to the tariffs use case (packages/core/src/tariffs). The relay calls this hook
// once a transaction has ended and been committed; it prices when that use case is available
// and never fails the charger's StopTransaction / TransactionEvent(Ended) answer.

type PriceTransaction = (args: { db: Db; transactionId: string }) => Promise<unknown>;

let loaded: Promise<PriceTransaction | null> | undefined;

async function loadPricing(): Promise<PriceTransaction | null> {
  const specifier = '../tariffs/index.ts';
  try {
    const mod = (await import(/* @vite-ignore */ specifier)) as { priceTransaction?: unknown };
    return typeof mod.priceTransaction === 'function' ? (mod.priceTransaction as PriceTransaction) : null;
  } catch {
    return null;
  }
}

export async function priceEndedTransaction({
  db,
  transactionId,
  onError = () => {},
}: {
  db: Db;
  transactionId: string;
  onError?: (e: unknown) => void;
}): Promise<void> {
  loaded ??= loadPricing();
  const price = await loaded;
  if (!price) return;
  try {
    await price({ db, transactionId });
  } catch (e) {
    onError(e);
  }
}
