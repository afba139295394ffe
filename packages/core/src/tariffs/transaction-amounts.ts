import type { Prisma } from '@magma/db';
import type { PricedLine, PricedSession } from '@magma/tariff';

// Shared by pricing and estimating: the money of one transaction, from the engine or as stored.

export type TransactionAmounts = {
  transactionId: string;
  tariffVersionId: string;
  currency: string;
  /** Billed before tax (Transaction.costMinor): the tariff's price less any written-off part. */
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  sponsorMinor: number;
  driverMinor: number;
  /** A prepaid driver's price beyond what they paid, tax included, borne by the operator. */
  writtenOffMinor: number;
  /** As the tariff rated them, before any write-off. */
  lines: PricedLine[];
};

export type StoredPrice = {
  id: string;
  tariffVersionId: string | null;
  currency: string;
  costMinor: number | null;
  taxMinor: number | null;
  sponsorMinor: number | null;
  writtenOffMinor: number | null;
  costLines: Prisma.JsonValue;
};

/** The amounts stored on a priced transaction; the total and the driver's share are derived. */
export function storedAmounts(tx: StoredPrice): TransactionAmounts {
  const subtotal = tx.costMinor ?? 0;
  const tax = tx.taxMinor ?? 0;
  const sponsor = tx.sponsorMinor ?? 0;
  return {
    transactionId: tx.id,
    tariffVersionId: tx.tariffVersionId ?? '',
    currency: tx.currency,
    subtotalMinor: subtotal,
    taxMinor: tax,
    totalMinor: subtotal + tax,
    sponsorMinor: sponsor,
    driverMinor: subtotal + tax - sponsor,
    writtenOffMinor: tx.writtenOffMinor ?? 0,
    lines: Array.isArray(tx.costLines) ? (tx.costLines as unknown as PricedLine[]) : [],
  };
}

export function pricedAmounts({
  transactionId,
  tariffVersionId,
  priced,
}: {
  transactionId: string;
  tariffVersionId: string;
  priced: PricedSession;
}): TransactionAmounts {
  return {
    transactionId,
    tariffVersionId,
    currency: priced.currency,
    subtotalMinor: priced.subtotalMinor,
    taxMinor: priced.taxMinor,
    totalMinor: priced.totalMinor,
    sponsorMinor: priced.sponsorMinor,
    driverMinor: priced.driverMinor,
    writtenOffMinor: 0,
    lines: priced.lines,
  };
}

/**
 * The tariff's price of a transaction before any write-off: as stored when nothing was written off,
 * else the sums of its rated lines (the engine spreads the session's tax over them exactly).
 */
export function ratedAmounts(a: Pick<TransactionAmounts, 'subtotalMinor' | 'taxMinor' | 'writtenOffMinor' | 'lines'>): {
  subtotalMinor: number;
  taxMinor: number;
} {
  if (a.writtenOffMinor === 0) return { subtotalMinor: a.subtotalMinor, taxMinor: a.taxMinor };
  return {
    subtotalMinor: a.lines.reduce((n, l) => n + l.amountMinor, 0),
    taxMinor: a.lines.reduce((n, l) => n + l.taxMinor, 0),
  };
}
