import type { PayoutStatus } from './types.ts';

// Payout state from events that may arrive twice or out of order. A status never moves backwards:
// each has a rank, and an event applies only when it ranks above the current status. The money
// effect tells the ledger what to post: the payout's amount left the vendor's balance when it was
// created (PAYOUT_SENT), so a payout that ends failed, reversed, rejected or cancelled returns it
// (PAYOUT_FAILED), exactly once.

const RANK: Record<PayoutStatus, number> = {
  pending: 0,
  queued: 1,
  processing: 2,
  processed: 3,
  // Terminal without the money arriving. A reversal can follow `processed` (the beneficiary's bank
  // returned it), so it ranks above it; failed/rejected/cancelled come before processing ends.
  failed: 4,
  rejected: 4,
  cancelled: 4,
  reversed: 5,
};

export const RETURNED_STATUSES: readonly PayoutStatus[] = ['failed', 'rejected', 'cancelled', 'reversed'];

export function isReturned(s: PayoutStatus): boolean {
  return RETURNED_STATUSES.includes(s);
}

export function isFinal(s: PayoutStatus): boolean {
  return s === 'processed' || isReturned(s);
}

export type PayoutTransition = {
  /** The status to store (unchanged when the event is stale or a duplicate). */
  status: PayoutStatus;
  applied: boolean;
  /** 'returned': post PAYOUT_FAILED for the payout's amount; 'paid': the money arrived (record the UTR). */
  effect: 'none' | 'paid' | 'returned';
};

export function transitionPayout(current: PayoutStatus, incoming: PayoutStatus): PayoutTransition {
  if (RANK[incoming] <= RANK[current] || isReturned(current))
    return { status: current, applied: false, effect: 'none' };
  if (isReturned(incoming)) return { status: incoming, applied: true, effect: 'returned' };
  if (incoming === 'processed') return { status: incoming, applied: true, effect: 'paid' };
  return { status: incoming, applied: true, effect: 'none' };
}
