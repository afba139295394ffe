import { Prisma, sqlQuery } from '@magma/db';
import { utc } from '../charging/sql.ts';
import { adjustSettledSession, refundSettlementAdjustment } from './adjust-settled-session.ts';
import { checkAwaitedPayments } from './check-driver-payment.ts';
import { adjustmentRefundOf } from './driver-refund.ts';
import { failStart } from './start-charging.ts';
import { linkDriverTransaction } from './link-driver-transaction.ts';
import { noticeFailedRefund } from './notice-failed-refund.ts';
import { refundStartFailure } from './refund-start-failure.ts';
import { settleDriverSession } from './settle-driver-session.ts';
import { nowOf, type DriverDeps } from './types.ts';

/** A charger that accepted RemoteStart but never began a transaction (no car plugged in) within this is given up on. */
export const START_TIMEOUT_MS = 3 * 60_000;

/** How long after settling the sweep still checks a session's refund for a failure it may have missed. */
const LATE_REFUND_FAILURE_MS = 10 * 60_000;

/**
 * How long after a superseded transaction was priced again (its late stop) the sweep still looks
 * for a settled session whose adjustment was missed: long enough to outlast a restart of the web
 * process or an outage of the bus, short enough to keep the look to a handful of rows.
 */
export const LATE_ADJUSTMENT_MS = 24 * 60 * 60_000;

/**
 * Settled sessions whose transaction was priced again after the settlement (the charger's late
 * stop of a transaction the CSMS closed) and not adjusted since. Found from the transaction side,
 * through the partial index of superseded transactions by pricedAt: a few rows, whatever the
 * history holds.
 */
export const unadjustedSessions = (since: Date) => Prisma.sql`
  SELECT d.id::text AS id
  FROM "Transaction" x
  JOIN "DriverSession" d ON d."transactionId" = x.id
  WHERE x."supersededById" IS NOT NULL AND x."pricedAt" > ${utc(since)} AND x.status = 'COMPLETED'
    AND d.status = 'SETTLED' AND d."settledAt" < x."pricedAt"
    AND (d."adjustedAt" IS NULL OR d."adjustedAt" < x."pricedAt")
  LIMIT 100`;

/**
 * Settled sessions a late-stop adjustment found owe money back, adjusted lately: the candidates for
 * sending (again) the adjustment's refund. Same partial index as unadjustedSessions.
 */
export const owedAdjustments = (since: Date) => Prisma.sql`
  SELECT d.id::text AS id
  FROM "Transaction" x
  JOIN "DriverSession" d ON d."transactionId" = x.id
  WHERE x."supersededById" IS NOT NULL AND x."pricedAt" > ${utc(since)} AND x.status = 'COMPLETED'
    AND d.status = 'SETTLED' AND d."adjustmentMinor" < 0 AND d."paymentId" IS NOT NULL
  LIMIT 100`;

/**
 * The safety net behind the live events: links started transactions, gives up (and refunds)
 * starts that never happened, settles ended sessions nobody settled, retries failed refunds,
 * records the adjustment of a settled session whose transaction's late stop nobody heard, and asks
 * the gateway about payments whose webhook never came (checkAwaitedPayments).
 * Every step is idempotent, so any number of processes may run it.
 */
export async function sweepDriverSessions(deps: DriverDeps) {
  const { db } = deps;
  const now = nowOf(deps);
  const report = {
    linked: 0,
    startFailed: 0,
    settled: 0,
    adjusted: 0,
    adjustmentsRefunded: 0,
    refundsRetried: 0,
    refundsGivenUp: 0,
    refundsFailed: 0,
    paymentsChecked: 0,
  };

  // Payments whose webhook never came: asked of the gateway's status API, at each one's backoff.
  try {
    const checked = await checkAwaitedPayments(deps);
    report.paymentsChecked = Object.values(checked).reduce((a, b) => a + b, 0);
  } catch (e) {
    deps.onError?.(e, 'checking awaited payments');
  }

  const starting = await db.driverSession.findMany({ where: { status: 'STARTING' }, take: 200 });
  for (const s of starting) {
    if (await linkDriverTransaction(deps, { sessionId: s.id })) {
      report.linked++;
      continue;
    }
    if (s.startRequestedAt && now.getTime() - s.startRequestedAt.getTime() > START_TIMEOUT_MS) {
      if (await failStart(deps, { sessionId: s.id, reason: 'The charger did not start charging in time' }))
        report.startFailed++;
    }
  }

  const ended = await db.driverSession.findMany({
    where: { status: 'CHARGING', transactionId: { not: null } },
    select: { transactionId: true },
    take: 500,
  });
  const endedIds = await db.transaction.findMany({
    where: { id: { in: ended.map((s) => s.transactionId!) }, status: 'COMPLETED' },
    select: { id: true },
  });
  for (const { id } of endedIds) {
    try {
      const r = await settleDriverSession(deps, { transactionId: id });
      if (r.settled) report.settled++;
    } catch (e) {
      deps.onError?.(e, `settling transaction ${id}`);
    }
  }

  // The late stop's transaction.ended adjusts its settled session; if no listener heard it (the web
  // process restarting, the bus down), the session is adjusted here. Same use case, same guard.
  const unadjusted = await sqlQuery<{ id: string }>(
    db,
    unadjustedSessions(new Date(now.getTime() - LATE_ADJUSTMENT_MS)),
  );
  for (const { id } of unadjusted) {
    try {
      const s = await db.driverSession.findUnique({ where: { id } });
      if (s && (await adjustSettledSession(deps, s))) report.adjusted++;
    } catch (e) {
      deps.onError?.(e, `adjusting driver session ${id}`);
    }
  }

  // An adjustment's refund the gateway did not answer (or a process that died before sending it) is
  // sent again under its key: the same refund, never a second one.
  const owed = await sqlQuery<{ id: string }>(db, owedAdjustments(new Date(now.getTime() - LATE_ADJUSTMENT_MS)));
  for (const { id } of owed) {
    try {
      const s = await db.driverSession.findUnique({ where: { id } });
      if (!s?.paymentId) continue;
      const payment = await db.payment.findUnique({
        where: { id: s.paymentId },
        select: { provider: true, capturedMinor: true },
      });
      if ((await adjustmentRefundOf(db, s, payment))?.outcome !== 'sending') continue;
      if ((await refundSettlementAdjustment(deps, s)) === 'refunded') report.adjustmentsRefunded++;
    } catch (e) {
      deps.onError?.(e, `refunding the adjustment of driver session ${id}`);
    }
  }

  // settledAt is set once the refund went out or the gateway would not make it.
  const unrefunded = await db.driverSession.findMany({
    where: { status: 'START_FAILED', kind: 'PAID', refundMinor: 0, paymentId: { not: null }, settledAt: null },
    take: 100,
  });
  for (const s of unrefunded) {
    const r = await refundStartFailure(deps, { sessionId: s.id });
    if (r?.outcome === 'refunded') report.refundsRetried++;
    if (r?.outcome === 'declined' || r?.outcome === 'below-minimum') report.refundsGivenUp++;
  }

  // A refund-failed callback that arrived while its session was being settled found nothing to
  // undo yet: look again at what was refunded lately.
  const refunded = await db.driverSession.findMany({
    where: {
      status: { in: ['SETTLED', 'START_FAILED'] },
      refundMinor: { gt: 0 },
      settledAt: { gt: new Date(now.getTime() - LATE_REFUND_FAILURE_MS) },
    },
    select: { paymentId: true },
    take: 200,
  });
  for (const { paymentId } of refunded) {
    if (paymentId && (await noticeFailedRefund(deps, { paymentId }))) report.refundsFailed++;
  }
  return report;
}
