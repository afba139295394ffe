import { gatewaySettlement, gatewaySettlementReturned, payoutReturned, payoutSent } from '@magma/ledger';
import { AppError } from '../errors/app-error.ts';
import type { Tx } from '../ledger/ledger-accounts.ts';
import { postEntries } from '../ledger/post-entries.ts';
import { minorOf } from '../ledger/money-columns.ts';
import { emitPayoutEvent } from './payout-events.ts';

// A payout's life: CREATED (money set aside: PAYOUT_SENT posted), then the rail's statuses. A
// failure or reversal returns the money to the vendor's balance (PAYOUT_FAILED posted once), and the
// next week's statement pays it again. Statuses only move forward: a late or repeated webhook changes
// nothing, and each (payout, status) is recorded once.

export const PAYOUT_STATUSES = [
  'CREATED',
  'QUEUED',
  'PENDING',
  'PROCESSING',
  'PROCESSED',
  'FAILED',
  'CANCELLED',
  'REJECTED',
  'REVERSED',
] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

const RANK: Record<PayoutStatus, number> = {
  CREATED: 0,
  QUEUED: 1,
  PENDING: 2,
  PROCESSING: 3,
  PROCESSED: 4,
  FAILED: 4,
  CANCELLED: 4,
  REJECTED: 4,
  // RazorpayX reverses a payout after it was processed: it comes last.
  REVERSED: 5,
};

export const RETURNED_STATUSES: readonly PayoutStatus[] = ['FAILED', 'CANCELLED', 'REJECTED', 'REVERSED'];

/** Whether a payout in `from` may move to `to`. */
export function movesForward(from: string, to: PayoutStatus): boolean {
  const f = RANK[from as PayoutStatus] ?? 0;
  if (RETURNED_STATUSES.includes(from as PayoutStatus)) return false;
  return RANK[to] > f;
}

type PayoutRow = {
  id: string;
  tenantId: string;
  /** Null: a Razorpay Route transfer of the operator's own share (no vendor payable moves). */
  vendorId: string | null;
  /** Stored as BIGINT: read through minorOf, exact below 2^53 paise. */
  amountMinor: bigint | number;
  currency: string;
  status: string;
};

/**
 * Posts a new payout's PAYOUT_SENT entry (in the caller's transaction); the operator's Route
 * transfer is captured money settled to the operator (GATEWAY_SETTLEMENT), no vendor's payout.
 */
export async function postPayoutSent(tx: Tx, p: PayoutRow, at: Date) {
  if (p.vendorId === null) {
    await postEntries({
      tx,
      tenantId: p.tenantId,
      purpose: 'payout',
      entries: [
        gatewaySettlement({ id: p.id, amountMinor: minorOf(p.amountMinor), currency: p.currency, at: at.getTime() }),
      ],
    });
    return;
  }
  await emitPayoutEvent(tx, { payout: { ...p, vendorId: p.vendorId }, status: 'CREATED', at });
  await postEntries({
    tx,
    tenantId: p.tenantId,
    purpose: 'payout',
    entries: [
      payoutSent({
        payoutId: p.id,
        vendorId: p.vendorId,
        amountMinor: minorOf(p.amountMinor),
        currency: p.currency,
        at: at.getTime(),
      }),
    ],
  });
}

/**
 * Records a status of a payout (from the rail's webhook, a status poll, or an operator marking an
 * offline payout paid or failed). Returns false when this (payout, status) was seen before or would
 * move the payout backwards: nothing changed.
 */
export async function applyPayoutStatus(
  tx: Tx,
  {
    payout,
    status,
    utr = null,
    reason = null,
    source,
    at,
  }: {
    payout: PayoutRow;
    status: PayoutStatus;
    utr?: string | null;
    reason?: string | null;
    source: string;
    at: Date;
  },
): Promise<boolean> {
  const recorded = await tx.payoutEvent.createMany({
    data: [{ tenantId: payout.tenantId, payoutId: payout.id, status, utr, reason, source, receivedAt: at }],
    skipDuplicates: true,
  });
  if (recorded.count === 0) return false;
  // Re-read under a row lock: two webhooks for one payout apply one after the other.
  const [current] = await tx.$queryRaw<{ status: string }[]>`
    SELECT status FROM "Payout" WHERE id = ${payout.id}::uuid FOR UPDATE`;
  if (!current) throw new AppError('NOT_FOUND', 'No such payout');
  if (!movesForward(current.status, status)) return false;
  await tx.payout.update({
    where: { id: payout.id },
    data: { status, ...(utr ? { utr } : {}), ...(reason ? { failureReason: reason } : {}) },
  });
  if (payout.vendorId === null) {
    // The operator's own transfer: no vendor event; a return puts the money back in clearing.
    if (RETURNED_STATUSES.includes(status)) {
      await postEntries({
        tx,
        tenantId: payout.tenantId,
        purpose: 'payout',
        entries: [
          gatewaySettlementReturned({
            id: payout.id,
            amountMinor: minorOf(payout.amountMinor),
            currency: payout.currency,
            at: at.getTime(),
            reason: reason ?? status.toLowerCase(),
          }),
        ],
      });
    }
    return true;
  }
  const vendorId = payout.vendorId;
  await emitPayoutEvent(tx, { payout: { ...payout, vendorId }, status, reason, at });
  // Part of a Route transfer may have come back already, reversed for a refund (and owed to the
  // vendor again then): only the rest returns now.
  const taken = RETURNED_STATUSES.includes(status)
    ? await tx.routeTransferReversal.aggregate({
        where: { payoutId: payout.id, status: 'REVERSED' },
        _sum: { amountMinor: true },
      })
    : null;
  const back = minorOf(payout.amountMinor) - minorOf(taken?._sum.amountMinor);
  if (RETURNED_STATUSES.includes(status) && back > 0) {
    await postEntries({
      tx,
      tenantId: payout.tenantId,
      purpose: 'payout',
      entries: [
        payoutReturned({
          payoutId: payout.id,
          vendorId,
          amountMinor: back,
          currency: payout.currency,
          at: at.getTime(),
          reason: reason ?? status.toLowerCase(),
        }),
      ],
    });
  }
  return true;
}
