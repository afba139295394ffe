import type { Db } from '@magma/db';
import { estimateSession, type PricedLine } from '@magma/tariff';
import { AppError } from '../errors/app-error.ts';
import { samplesForTransaction, tariffForTransaction, transactionSelect } from './transaction-pricing-input.ts';

export type TransactionEstimate = {
  transactionId: string;
  tariffVersionId: string;
  currency: string;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  sponsorMinor: number;
  driverMinor: number;
  energyWh: number;
  lines: PricedLine[];
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
  const tx = await db.transaction.findFirst({ where: { id: transactionId, tenantId }, select: transactionSelect });
  if (!tx) throw new AppError('NOT_FOUND', 'Transaction not found');
  if (tx.pricedAt && tx.costMinor !== null) {
    const tax = tx.taxMinor ?? 0;
    const sponsor = tx.sponsorMinor ?? 0;
    return {
      transactionId: tx.id,
      tariffVersionId: tx.tariffVersionId ?? '',
      currency: tx.currency,
      subtotalMinor: tx.costMinor,
      taxMinor: tax,
      totalMinor: tx.costMinor + tax,
      sponsorMinor: sponsor,
      driverMinor: tx.costMinor + tax - sponsor,
      energyWh: tx.energyWh,
      lines: Array.isArray(tx.costLines) ? (tx.costLines as unknown as PricedLine[]) : [],
      at: tx.pricedAt,
      final: true,
    };
  }

  const tariff = await tariffForTransaction(db, tx);
  if (!tariff) return null;
  const end = tx.stoppedAt ?? now;
  const p = estimateSession(tariff.resolved.definition, {
    samples: await samplesForTransaction(db, tx),
    timeZone: tx.tenant.timezone,
    startedAt: tx.startedAt.getTime(),
    now: Math.max(end.getTime(), tx.startedAt.getTime()),
  });
  return {
    transactionId: tx.id,
    tariffVersionId: tariff.resolved.versionId,
    currency: p.currency,
    subtotalMinor: p.subtotalMinor,
    taxMinor: p.taxMinor,
    totalMinor: p.totalMinor,
    sponsorMinor: p.sponsorMinor,
    driverMinor: p.driverMinor,
    energyWh: Math.round(p.energyMwh / 1000),
    lines: p.lines,
    at: new Date(p.to),
    final: false,
  };
}
