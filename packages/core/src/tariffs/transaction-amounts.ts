import type { Prisma } from '@magma/db';
import type { PricedLine, PricedSession } from '@magma/tariff';

// Shared by pricing and estimating: the money of one transaction, from the engine or as stored.

export type TransactionAmounts = {
  transactionId: string;
  tariffVersionId: string;
  currency: string;
  /** Before tax (Transaction.costMinor). */
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  sponsorMinor: number;
  driverMinor: number;
  lines: PricedLine[];
};

export type StoredPrice = {
  id: string;
  tariffVersionId: string | null;
  currency: string;
  costMinor: number | null;
  taxMinor: number | null;
  sponsorMinor: number | null;
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
    lines: priced.lines,
  };
}
