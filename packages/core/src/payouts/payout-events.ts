import { enqueueEvent, eventIdOf } from '../events/index.ts';
import type { Tx } from '../ledger/ledger-accounts.ts';
import { minorOf } from '../ledger/money-columns.ts';

// A payout's catalogue events, written in the transaction that records its status: payout.created
// when the run sets the money aside, payout.paid when the rail processed it, payout.failed when the
// money came back (failed, cancelled, rejected or reversed). Keyed by (payout, status): each once.

type PayoutRow = { id: string; tenantId: string; vendorId: string; amountMinor: bigint | number; currency: string };

const TYPE_OF: Record<string, 'payout.created' | 'payout.paid' | 'payout.failed'> = {
  CREATED: 'payout.created',
  PROCESSED: 'payout.paid',
  FAILED: 'payout.failed',
  CANCELLED: 'payout.failed',
  REJECTED: 'payout.failed',
  REVERSED: 'payout.failed',
};

export async function emitPayoutEvent(
  tx: Tx,
  { payout, status, reason = null, at }: { payout: PayoutRow; status: string; reason?: string | null; at: Date },
): Promise<void> {
  const type = TYPE_OF[status];
  if (!type) return;
  const base = {
    id: eventIdOf(type, `${payout.id}_${status.toLowerCase()}`),
    tenantId: payout.tenantId,
    vendorId: payout.vendorId,
    occurredAt: at,
  };
  const data = {
    payoutId: payout.id,
    vendorId: payout.vendorId,
    amountMinor: minorOf(payout.amountMinor),
    currency: payout.currency,
  };
  if (type === 'payout.failed') {
    await enqueueEvent(tx, {
      ...base,
      type,
      data: { ...data, reason: (reason ?? status.toLowerCase()).slice(0, 500) },
    });
  } else {
    await enqueueEvent(tx, { ...base, type, data });
  }
}
