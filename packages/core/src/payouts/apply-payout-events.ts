import type { Db } from '@magma/db';
import type { PayoutEvent } from '@magma/payments';
import { applyPayoutStatus, PAYOUT_STATUSES, type PayoutStatus } from './payout-status.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Applies a rail's verified payout events (RazorpayX webhooks, a status poll, the offline rail's
 * UTR reconciliation file) to a tenant's payouts: each (payout, status) once, statuses only
 * forward, a failure or reversal returning the money to the vendor's balance. Events for payouts
 * this tenant does not have are ignored. Returns how many changed a payout.
 */
export async function applyPayoutEvents({
  db,
  tenantId,
  events,
  source,
  now = new Date(),
}: {
  db: Db;
  tenantId: string;
  events: readonly PayoutEvent[];
  source: string;
  now?: Date;
}): Promise<number> {
  let changed = 0;
  for (const ev of events) {
    const status = ev.status.toUpperCase() as PayoutStatus;
    if (!PAYOUT_STATUSES.includes(status)) continue;
    changed += await db.$transaction(async (tx) => {
      const payout = await tx.payout.findFirst({
        where: {
          tenantId,
          OR: [
            { providerPayoutId: ev.providerPayoutId },
            ...(ev.reference ? [{ idempotencyKey: ev.reference }] : []),
            // RazorpayX payouts carry the payout's id as their reference (its idempotency key).
            ...(ev.reference && UUID.test(ev.reference) ? [{ id: ev.reference }] : []),
          ],
        },
      });
      if (!payout) return 0;
      if (!payout.providerPayoutId) {
        await tx.payout.update({ where: { id: payout.id }, data: { providerPayoutId: ev.providerPayoutId } });
      }
      const applied = await applyPayoutStatus(tx, {
        payout,
        status,
        utr: ev.utr,
        reason: ev.failureReason,
        source,
        at: now,
      });
      if (!applied && ev.utr && !payout.utr && payout.status === 'PROCESSED' && status === 'PROCESSED') {
        // The UTR can arrive after the payout was processed (RazorpayX's payout.updated).
        await tx.payout.update({ where: { id: payout.id }, data: { utr: ev.utr } });
        return 1;
      }
      return applied ? 1 : 0;
    });
  }
  return changed;
}
