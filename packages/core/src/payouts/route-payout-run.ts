import type { Tx } from '../ledger/ledger-accounts.ts';
import { minorOf } from '../ledger/money-columns.ts';
import { RETURNED_STATUSES } from './payout-status.ts';

// A payout run on Razorpay Route. The money is in the platform's marketplace account, in captured
// payments, and leaves it only as transfers out of those payments: each vendor's payable, then the
// operator's own share, each split over the week's captured payments with room left (one QUEUED
// Payout per (payee, payment)). What the payments cannot cover is reported per payee as a
// shortfall and stays owed: the next run (of this week again, or of a later week) tries again,
// because what is owed is counted over every Route-paid week, never just this one.

export const ROUTE_RAIL = 'RAZORPAY_ROUTE';
/** Razorpay's smallest transfer, ₹1.00. */
export const MIN_TRANSFER_MINOR = 100;

export type RouteShortfall = {
  /** Null: the operator's own share. */
  vendorId: string | null;
  name: string;
  /** What was owed when this pass ran (before its transfers). */
  payableMinor: number;
  /** What this pass could move out of the captured payments. */
  transferredMinor: number;
  /** payable − transferred: stays owed for the next run. */
  shortMinor: number;
};

export type RoutePart = { paymentId: string; amountMinor: number };

/** How far back a run looks for payments with room left (a returned transfer, an earlier shortfall). */
export const ROUTE_LOOKBACK_MS = 28 * 86_400_000;

/**
 * Splits `amountMinor` over the captured platform Razorpay payments of the sessions priced in the
 * week and the four weeks before it (a vendor: only its own sessions' payments; the operator,
 * `vendorId` null: any of them), oldest first, each up to what it still carries: captured −
 * refunded − the live Route transfers already out of it. Parts under ₹1 are not made. The earlier
 * weeks' payments matter where a transfer out of them failed and returned, or could not be made.
 */
export async function routeAllocation(
  tx: Tx,
  {
    tenantId,
    vendorId,
    weekStart,
    weekEnd,
    amountMinor,
  }: {
    tenantId: string;
    vendorId: string | null;
    weekStart: Date;
    weekEnd: Date;
    amountMinor: number;
  },
): Promise<RoutePart[]> {
  const payments = await tx.payment.findMany({
    where: {
      tenantId,
      provider: 'RAZORPAY',
      paymentAccountId: null,
      providerPaymentId: { not: null },
      status: { in: ['CAPTURED', 'PARTIALLY_REFUNDED'] },
      // The payments of the sessions priced in the week (as the week's close counts them).
      transaction: {
        ...(vendorId ? { vendorId } : {}),
        pricedAt: { gte: new Date(weekStart.getTime() - ROUTE_LOOKBACK_MS), lt: weekEnd },
      },
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, capturedMinor: true, refundedMinor: true },
  });
  const used = await tx.payout.groupBy({
    by: ['routePaymentId'],
    where: {
      tenantId,
      routePaymentId: { in: payments.map((p) => p.id) },
      status: { notIn: [...RETURNED_STATUSES] },
    },
    _sum: { amountMinor: true },
  });
  const out: RoutePart[] = [];
  let left = amountMinor;
  for (const p of payments) {
    if (left < MIN_TRANSFER_MINOR) break;
    const spent = minorOf(used.find((u) => u.routePaymentId === p.id)?._sum.amountMinor);
    const take = Math.min(p.capturedMinor - p.refundedMinor - spent, left);
    if (take < MIN_TRANSFER_MINOR) continue;
    out.push({ paymentId: p.id, amountMinor: take });
    left -= take;
  }
  return out;
}

/**
 * What each vendor is still owed by Route at the end of `weekEnd`: the positive net payables of
 * every closed week paid by Route up to it, less every payout made for those weeks. A payout that
 * failed or was reversed counts as made: its money is back in a later statement, which pays it.
 */
export async function routeVendorsOwed(
  tx: Tx,
  { tenantId, weekId, weekEnd }: { tenantId: string; weekId: string; weekEnd: Date },
): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<{ vendorId: string; owed: bigint }[]>`
    WITH weeks AS (
      SELECT w.id FROM "SettlementWeek" w
      WHERE w."tenantId" = ${tenantId}::uuid AND w.status = 'CLOSED' AND w."weekEnd" <= ${weekEnd}
        AND (w.id = ${weekId}::uuid OR EXISTS (
          SELECT 1 FROM "PayoutRun" r WHERE r."weekId" = w.id AND r.rail = ${ROUTE_RAIL}))
    ), payable AS (
      SELECT s."vendorId", SUM(GREATEST(s."netPayableMinor", 0)) AS n
      FROM "SettlementStatement" s WHERE s."weekId" IN (SELECT id FROM weeks) AND s."siteKey" = ''
      GROUP BY s."vendorId"
    ), paid AS (
      SELECT p."vendorId", SUM(p."amountMinor") AS n
      FROM "Payout" p JOIN "PayoutRun" r ON r.id = p."runId"
      -- Later weeks' Route runs count too: a run of this week again must not pay what they paid.
      WHERE p."tenantId" = ${tenantId}::uuid AND p."vendorId" IS NOT NULL
        AND (r."weekId" IN (SELECT id FROM weeks) OR r.rail = ${ROUTE_RAIL})
      GROUP BY p."vendorId"
    )
    SELECT payable."vendorId"::text AS "vendorId", (payable.n - COALESCE(paid.n, 0))::bigint AS owed
    FROM payable LEFT JOIN paid ON paid."vendorId" = payable."vendorId"`;
  return new Map(rows.map((r) => [r.vendorId, minorOf(r.owed)]));
}

/**
 * What the platform's account still holds for the operator at the end of `weekEnd`. Of the money
 * in gateway clearing (captured, less gateway fees and refunds), drivers' unapplied prepayments,
 * the platform's fees and every vendor's earned payable belong to others; the rest (the
 * operator's share, the GST it collected and the TDS/TCS it withheld and must remit) is the
 * operator's, less the operator transfers already made. Read from the ledger as it signs things
 * (debit positive): clearing + driver balance + platform fees + vendor payables, leaving out
 * payouts and settlements, which only move money that is already counted.
 */
export async function routeOperatorOwed(
  tx: Tx,
  { tenantId, weekEnd }: { tenantId: string; weekEnd: Date },
): Promise<number> {
  const [due] = await tx.$queryRaw<{ n: bigint | null }[]>`
    SELECT SUM(l."amountMinor")::bigint AS n
    FROM "JournalLine" l
    JOIN "JournalEntry" e ON e.id = l."entryId"
    JOIN "LedgerAccount" a ON a.id = l."accountId"
    WHERE l."tenantId" = ${tenantId}::uuid AND e."bookedAt" < ${weekEnd}
      AND a.kind IN ('GATEWAY_CLEARING', 'DRIVER_BALANCE', 'PLATFORM_FEES', 'VENDOR_PAYABLE')
      AND e."sourceKind" NOT IN ('PAYOUT_SENT', 'PAYOUT_FAILED', 'GATEWAY_SETTLEMENT', 'GATEWAY_SETTLEMENT_RETURNED')`;
  const sent = await tx.payout.aggregate({
    where: { tenantId, vendorId: null, rail: ROUTE_RAIL, status: { notIn: [...RETURNED_STATUSES] } },
    _sum: { amountMinor: true },
  });
  return minorOf(due?.n) - minorOf(sent._sum.amountMinor);
}

/** The shortfall of one payee in this pass, or null when the transfers cover what is owed. */
export function shortfallOf(
  payee: { vendorId: string | null; name: string },
  payableMinor: number,
  parts: readonly RoutePart[],
): RouteShortfall | null {
  const transferredMinor = parts.reduce((n, p) => n + p.amountMinor, 0);
  const shortMinor = payableMinor - transferredMinor;
  return shortMinor > 0 ? { ...payee, payableMinor, transferredMinor, shortMinor } : null;
}
