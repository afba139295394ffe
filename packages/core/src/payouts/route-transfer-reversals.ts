import type { Db } from '@magma/db';
import { payoutReversed } from '@magma/ledger';
import { PaymentError, type RazorpayRouteClient, type RouteTransfer } from '@magma/payments';
import { minorOf } from '../ledger/money-columns.ts';
import { postEntries } from '../ledger/post-entries.ts';
import { RETURNED_STATUSES } from './payout-status.ts';
import { ROUTE_RAIL } from './route-payout-run.ts';

// A refund of a payment after a vendor's Route transfer came out of it (the refund is booked after
// the week the transfer paid). The refund's ledger entry already takes the vendor's share of it
// from the vendor's next statement. Here that share is taken back from the transfer instead where
// it can still be: while the transfer has not been settled to the vendor's bank, it is reversed
// (POST /v1/transfers/:id/reversals, once per reference, also after a lost answer) and the amount
// is owed to the vendor again (a PAYOUT_FAILED entry), so the next statement does not take it twice.
// Where the transfer was settled already, or Razorpay refuses the reversal, nothing is reversed:
// the ledger's carry to the next week stands (CARRIED). Either way the vendor gives the share back
// exactly once.

export type ReversalStatus = 'PENDING' | 'REVERSED' | 'CARRIED';

export type ReversalOutcome = { queued: number; reversed: number; carried: number; waiting: number };

/**
 * Finds refunds booked after the week of a live Route transfer out of the same payment and records
 * what to take back from each transfer (one row per (payout, refund), up to what the transfer
 * still carries). All tenants.
 */
export async function queueRouteReversals({ db, limit = 200 }: { db: Db; limit?: number }): Promise<number> {
  const found = await db.$queryRaw<{ refundId: string; tenantId: string; vendorId: string; paymentId: string }[]>`
    SELECT DISTINCT r.id::text AS "refundId", p."tenantId"::text AS "tenantId", p."vendorId"::text AS "vendorId",
           p."routePaymentId"::text AS "paymentId"
    FROM "Payout" p
    JOIN "PayoutRun" pr ON pr.id = p."runId"
    JOIN "SettlementWeek" w ON w.id = pr."weekId"
    JOIN "Refund" r ON r."paymentId" = p."routePaymentId"
    JOIN "JournalEntry" e ON e."tenantId" = p."tenantId" AND e."sourceKind" = 'REFUND' AND e."sourceId" = r.id::text
    WHERE p.rail = ${ROUTE_RAIL} AND p."vendorId" IS NOT NULL AND p."providerPayoutId" IS NOT NULL
      AND e."bookedAt" >= w."weekEnd"
      AND NOT EXISTS (SELECT 1 FROM "RouteTransferReversal" x WHERE x."refundId" = r.id AND x."payoutId" = p.id)
    LIMIT ${limit}`;
  let queued = 0;
  for (const f of found) {
    queued += await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`route-reversal:${f.refundId}`}))`;
      const before = await tx.routeTransferReversal.findMany({ where: { refundId: f.refundId } });
      // The vendor's part of the refund: what its entry takes from the vendor's payable (net).
      const [share] = await tx.$queryRaw<{ n: bigint | null }[]>`
        SELECT SUM(l."amountMinor")::bigint AS n
        FROM "JournalEntry" e JOIN "JournalLine" l ON l."entryId" = e.id
        JOIN "LedgerAccount" a ON a.id = l."accountId"
        WHERE e."tenantId" = ${f.tenantId}::uuid AND e."sourceKind" = 'REFUND' AND e."sourceId" = ${f.refundId}
          AND a.kind = 'VENDOR_PAYABLE' AND a."vendorId" = ${f.vendorId}::uuid`;
      let left = minorOf(share?.n) - before.reduce((n, r) => n + minorOf(r.amountMinor), 0);
      const payouts = await tx.payout.findMany({
        where: {
          id: { notIn: before.map((r) => r.payoutId) },
          tenantId: f.tenantId,
          vendorId: f.vendorId,
          rail: ROUTE_RAIL,
          routePaymentId: f.paymentId,
          providerPayoutId: { not: null },
        },
        orderBy: { createdAt: 'asc' },
      });
      const taken = await tx.routeTransferReversal.groupBy({
        by: ['payoutId'],
        where: { payoutId: { in: payouts.map((p) => p.id) }, status: { in: ['PENDING', 'REVERSED'] } },
        _sum: { amountMinor: true },
      });
      let rows = 0;
      for (const p of payouts) {
        const live = !RETURNED_STATUSES.includes(p.status as never);
        const room = live
          ? minorOf(p.amountMinor) - minorOf(taken.find((t) => t.payoutId === p.id)?._sum.amountMinor)
          : 0;
        const amount = Math.max(0, Math.min(room, left));
        left -= amount;
        // A row either way: the refund is seen for this payout; amount 0 has nothing to take back.
        await tx.routeTransferReversal.create({
          data: {
            tenantId: f.tenantId,
            vendorId: f.vendorId,
            payoutId: p.id,
            refundId: f.refundId,
            amountMinor: amount,
            status: amount > 0 ? 'PENDING' : 'CARRIED',
            ...(amount > 0 ? {} : { lastError: live ? 'Nothing left to take back' : 'The transfer did not stand' }),
          },
        });
        rows++;
      }
      return rows;
    });
  }
  return queued;
}

/** The worker: queues new reversals, then makes (or carries) the pending ones. All tenants. */
export async function reverseRouteTransfers({
  db,
  route,
  limit = 100,
  now = () => new Date(),
  onError,
}: {
  db: Db;
  route: RazorpayRouteClient | null;
  limit?: number;
  now?: () => Date;
  onError?: (e: unknown, what: string) => void;
}): Promise<ReversalOutcome> {
  const out: ReversalOutcome = { queued: 0, reversed: 0, carried: 0, waiting: 0 };
  if (!route) return out;
  out.queued = await queueRouteReversals({ db, limit });
  const pending = await db.routeTransferReversal.findMany({
    where: { status: 'PENDING' },
    orderBy: { createdAt: 'asc' },
    take: limit,
  });
  for (const row of pending) {
    try {
      out[await reverseOne(db, route, row, now())]++;
    } catch (e) {
      onError?.(e, `route reversal ${row.id}`);
      out.waiting++;
    }
  }
  return out;
}

type Row = Awaited<ReturnType<Db['routeTransferReversal']['findFirstOrThrow']>>;

async function reverseOne(
  db: Db,
  route: RazorpayRouteClient,
  row: Row,
  at: Date,
): Promise<'reversed' | 'carried' | 'waiting'> {
  const payout = await db.payout.findFirstOrThrow({ where: { id: row.payoutId, tenantId: row.tenantId } });
  const payment = await db.payment.findFirstOrThrow({
    where: { id: payout.routePaymentId!, tenantId: row.tenantId },
    select: { providerPaymentId: true },
  });
  const carry = async (why: string) => {
    await db.routeTransferReversal.update({
      where: { id: row.id },
      data: { status: 'CARRIED', lastError: why.slice(0, 500), attempts: { increment: 1 } },
    });
    return 'carried' as const;
  };
  let transfer: RouteTransfer | undefined;
  try {
    transfer = (await route.transfersOf(payment.providerPaymentId!)).find(
      (t) => t.transferId === payout.providerPayoutId,
    );
    if (!transfer) return await carry('Razorpay does not list the transfer on its payment');
    // Reversed by us before (a lost answer): finish it. Otherwise, a settled transfer stays paid.
    const mine = (await route.reversalsOf(transfer.transferId)).find((r) => r.reference === row.id);
    if (!mine) {
      if (transfer.status === 'failed') return await carry('The transfer failed: its money returns with the payout');
      if (transfer.settlementStatus === 'settled')
        return await carry('Already settled to the vendor’s bank: the refund is taken from the next statement');
    }
    const rv =
      mine ??
      (await route.reverseTransfer({
        transferId: transfer.transferId,
        amountMinor: minorOf(row.amountMinor),
        reference: row.id,
      }));
    await db.$transaction(async (tx) => {
      await tx.routeTransferReversal.update({
        where: { id: row.id },
        data: { status: 'REVERSED', providerReversalId: rv.reversalId, lastError: null, attempts: { increment: 1 } },
      });
      await postEntries({
        tx,
        tenantId: row.tenantId,
        purpose: 'payout',
        entries: [
          payoutReversed({
            reversalId: row.id,
            payoutId: payout.id,
            vendorId: row.vendorId,
            amountMinor: rv.amountMinor,
            currency: payout.currency,
            at: at.getTime(),
            reason: `Route transfer ${transfer!.transferId} reversed (${rv.reversalId}) for refund ${row.refundId}`,
          }),
        ],
      });
    });
    return 'reversed';
  } catch (e) {
    if (!PaymentError.is(e)) throw e;
    // Razorpay refusing the reversal (e.g. the linked account's balance is gone) leaves it to the
    // statements; a lost answer or an outage is tried again by the next run of the job.
    // (A refused key is the platform's to fix, not the vendor's refusal: it waits.)
    const refused = (e.code === 'REJECTED' && e.status !== 401 && e.status !== 403) || e.code === 'BAD_INPUT';
    if (refused) return carry(`Razorpay refused the reversal: ${e.message}`);
    await db.routeTransferReversal.update({
      where: { id: row.id },
      data: { lastError: e.message.slice(0, 500), attempts: { increment: 1 } },
    });
    return 'waiting';
  }
}

/**
 * What of a payout's transfer we reversed ourselves (or are reversing): a transfer Razorpay then
 * reports as reversed by that much is not a reversed payout, whose whole amount would return.
 */
export async function ownReversalsMinor(db: Db, payoutId: string): Promise<number> {
  const s = await db.routeTransferReversal.aggregate({
    where: { payoutId, status: { in: ['PENDING', 'REVERSED'] } },
    _sum: { amountMinor: true },
  });
  return minorOf(s._sum.amountMinor);
}
