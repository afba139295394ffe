import { Prisma, type Db } from '@magma/db';
import { priceSession, type PricedLine, type PricedSession } from '@magma/tariff';
import { AppError } from '../errors/app-error.ts';
import { samplesForTransaction, tariffForTransaction, transactionSelect } from './transaction-pricing-input.ts';

export type PriceTransactionArgs = {
  db: Db;
  /** When given, the transaction must belong to this tenant. The relay's end-of-session hook,
   * which only knows the transaction id, may leave it out. */
  tenantId?: string;
  transactionId: string;
  now?: Date;
};

export type TransactionPrice = {
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
export async function priceTransaction({ db, tenantId, transactionId, now = new Date() }: PriceTransactionArgs): Promise<TransactionPrice> {
  const tx = await db.transaction.findFirst({
    where: { id: transactionId, ...(tenantId ? { tenantId } : {}) },
    select: transactionSelect,
  });
  if (!tx) throw new AppError('NOT_FOUND', 'Transaction not found');
  if (tx.pricedAt) return stored(tx, true);
  if (tx.status !== 'COMPLETED') {
    throw new AppError('CONFLICT', 'The session is still running: estimate it instead of pricing it');
  }

  const tariff = await tariffForTransaction(db, tx);
  if (!tariff) throw new AppError('CONFLICT', 'No tariff applies to this session');
  const priced = priceSession(tariff.resolved.definition, {
    samples: await samplesForTransaction(db, tx),
    timeZone: tx.tenant.timezone,
    startedAt: tx.startedAt.getTime(),
    endedAt: (tx.stoppedAt ?? tx.lastMeterAt ?? tx.startedAt).getTime(),
  });

  const written = await db.transaction.updateMany({
    where: { id: tx.id, tenantId: tx.tenantId, pricedAt: null },
    data: {
      tariffVersionId: tariff.resolved.versionId,
      currency: priced.currency,
      costMinor: priced.subtotalMinor,
      taxMinor: priced.taxMinor,
      sponsorMinor: priced.sponsorMinor,
      costLines: priced.lines as unknown as Prisma.InputJsonValue,
      pricedAt: now,
    },
  });
  if (written.count === 0) {
    // Someone priced it between our read and our write: theirs stands.
    const again = await db.transaction.findFirstOrThrow({ where: { id: tx.id }, select: transactionSelect });
    return stored(again, true);
  }
  return fromPriced(tx.id, tariff.resolved.versionId, priced, now);
}

function fromPriced(transactionId: string, tariffVersionId: string, p: PricedSession, pricedAt: Date): TransactionPrice {
  return {
    transactionId,
    tariffVersionId,
    currency: p.currency,
    subtotalMinor: p.subtotalMinor,
    taxMinor: p.taxMinor,
    totalMinor: p.totalMinor,
    sponsorMinor: p.sponsorMinor,
    driverMinor: p.driverMinor,
    lines: p.lines,
    pricedAt,
    alreadyPriced: false,
  };
}

function stored(
  tx: {
    id: string;
    tariffVersionId: string | null;
    currency: string;
    costMinor: number | null;
    taxMinor: number | null;
    sponsorMinor: number | null;
    costLines: Prisma.JsonValue;
    pricedAt: Date | null;
  },
  alreadyPriced: boolean,
): TransactionPrice {
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
    pricedAt: tx.pricedAt!,
    alreadyPriced,
  };
}
