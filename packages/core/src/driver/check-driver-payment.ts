import type { DriverSessionModel as DriverSession } from '@magma/db';
import { LATE_CAPTURE_MS, onDriverPaymentUpdated } from './handle-payment-webhook.ts';
import { findDriverSession } from './find-driver-session.ts';
import { audit } from './start-charging.ts';
import { nowOf, type DriverDeps } from './types.ts';

// The gateway's webhook is how a payment usually moves a driver session on, but gateways lose and
// delay them (and PhonePe's and Juspay's redirect checkouts rely on their status API by their own
// docs). These checks ask the status API instead and then do exactly what the webhook path does
// with the answer (onDriverPaymentUpdated); the synthetic event of syncPaymentStatus makes a later
// real webhook count once.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The sweep's checks of one payment, after the session was created: then hourly. */
export const PAYMENT_CHECK_STEPS_MS = [30_000, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 30 * MINUTE] as const;

/**
 * How long a checkout stays payable. A capture after it no longer starts a charger (LATE_CAPTURE_MS),
 * and a session still unpaid by then, by the gateway's own answer, has failed.
 */
export const CHECKOUT_EXPIRY_MS = LATE_CAPTURE_MS;

/** How long after its checkout expired a failed session is still watched for money arriving late. */
export const LATE_PAYMENT_WATCH_MS = CHECKOUT_EXPIRY_MS + 24 * HOUR;

/** The driver page's own check runs at most this often per session. */
export const PAGE_CHECK_INTERVAL_MS = 5_000;

/** At most this many sessions are checked in one sweep pass (the rest wait for the next). */
export const PAYMENT_CHECKS_PER_PASS = 25;

/** When the sweep asks next about a session created at `createdAt`, as of `now`: the next step after now. */
export function nextPaymentCheckAt(createdAt: Date, now: Date): Date {
  const age = now.getTime() - createdAt.getTime();
  const step = PAYMENT_CHECK_STEPS_MS.find((s) => s > age);
  if (step !== undefined) return new Date(createdAt.getTime() + step);
  const last = PAYMENT_CHECK_STEPS_MS[5];
  return new Date(createdAt.getTime() + last + (Math.floor((age - last) / HOUR) + 1) * HOUR);
}

export type PaymentCheckOutcome =
  | Awaited<ReturnType<typeof onDriverPaymentUpdated>>['action']
  | 'expired'
  /** The gateway could not be asked: nothing changed, asked again later. */
  | 'gateway-error';

/**
 * Asks the gateway about the session's payment, records the answer, and moves the session on as
 * the webhook would. A session whose checkout expired and that the gateway reports unpaid becomes
 * PAYMENT_FAILED (a payment after that is refunded in full by onDriverPaymentUpdated). Never throws
 * a gateway's error: it is reported to onError and the check is simply made again later.
 */
export async function checkSessionPayment(
  deps: DriverDeps,
  session: Pick<DriverSession, 'id' | 'tenantId' | 'paymentId' | 'createdAt'>,
): Promise<PaymentCheckOutcome> {
  const { db } = deps;
  const paymentId = session.paymentId;
  if (!paymentId) return 'none';
  try {
    await deps.payments.syncStatus({ db, tenantId: session.tenantId, paymentId });
  } catch (e) {
    deps.onError?.(e, `checking the payment of driver session ${session.id}`);
    return 'gateway-error';
  }
  const r = await onDriverPaymentUpdated(deps, { paymentId });
  if (r.action !== 'none') return r.action;

  const now = nowOf(deps);
  if (now.getTime() - session.createdAt.getTime() <= CHECKOUT_EXPIRY_MS) return 'none';
  const payment = await db.payment.findUniqueOrThrow({
    where: { id: paymentId },
    select: { status: true, capturedMinor: true },
  });
  // Money taken is never a reason to fail the session here: onDriverPaymentUpdated decided on it.
  if (payment.capturedMinor > 0) return 'none';
  const moved = await db.driverSession.updateMany({
    where: { id: session.id, status: 'AWAITING_PAYMENT' },
    data: {
      status: 'PAYMENT_FAILED',
      failureReason: 'The payment was not completed in time',
      endedAt: now,
    },
  });
  if (!moved.count) return 'none';
  await audit(deps, session, 'driver.payment_expired', { paymentId, paymentStatus: payment.status });
  return 'expired';
}

/**
 * The sweep's share: sessions awaiting payment (from 30 s after they were created) and failed ones
 * still watched for a late capture, each at its own backoff (PAYMENT_CHECK_STEPS_MS, then hourly),
 * at most PAYMENT_CHECKS_PER_PASS a pass. The next check is claimed before the gateway is asked, so
 * several processes never ask twice and a gateway error simply waits for the next step.
 */
export async function checkAwaitedPayments(deps: DriverDeps): Promise<Record<PaymentCheckOutcome, number>> {
  const { db } = deps;
  const now = nowOf(deps);
  const report: Record<PaymentCheckOutcome, number> = {
    none: 0,
    started: 0,
    'start-failed': 0,
    'payment-failed': 0,
    'refund-failed': 0,
    'refunded-late': 0,
    expired: 0,
    'gateway-error': 0,
  };
  const due = await db.driverSession.findMany({
    where: {
      kind: 'PAID',
      paymentId: { not: null },
      createdAt: { lte: new Date(now.getTime() - PAYMENT_CHECK_STEPS_MS[0]) },
      AND: [
        { OR: [{ paymentCheckAt: null }, { paymentCheckAt: { lte: now } }] },
        {
          OR: [
            { status: 'AWAITING_PAYMENT' },
            {
              status: 'PAYMENT_FAILED',
              refundMinor: 0,
              settledAt: null,
              createdAt: { gte: new Date(now.getTime() - LATE_PAYMENT_WATCH_MS) },
            },
          ],
        },
      ],
    },
    orderBy: [{ paymentCheckAt: { sort: 'asc', nulls: 'first' } }, { createdAt: 'asc' }],
    select: { id: true, tenantId: true, paymentId: true, createdAt: true, paymentCheckAt: true },
    take: PAYMENT_CHECKS_PER_PASS,
  });
  for (const s of due) {
    try {
      const claimed = await db.driverSession.updateMany({
        where: { id: s.id, paymentCheckAt: s.paymentCheckAt },
        data: { paymentCheckAt: nextPaymentCheckAt(s.createdAt, now), paymentCheckedAt: now },
      });
      if (!claimed.count) continue;
      report[await checkSessionPayment(deps, s)]++;
    } catch (e) {
      deps.onError?.(e, `checking the payment of driver session ${s.id}`);
    }
  }
  return report;
}

export type PagePaymentCheck =
  | { checked: true; outcome: PaymentCheckOutcome }
  /** Not awaiting a payment (nothing to ask), or asked less than PAGE_CHECK_INTERVAL_MS ago. */
  | { checked: false; reason: 'not-awaiting-payment' | 'too-soon' };

/**
 * The driver's page, back from a redirect checkout and still awaiting the payment, asks for the
 * same check rather than wait for the sweep: at most once every PAGE_CHECK_INTERVAL_MS per session
 * (claimed in the database, so every process and tab shares the limit). The token is the credential.
 */
export async function checkDriverPaymentNow(
  deps: DriverDeps,
  { tenantId, token }: { tenantId: string; token: string },
): Promise<PagePaymentCheck> {
  const session = await findDriverSession({ db: deps.db, tenantId, token });
  if (session.kind !== 'PAID' || session.status !== 'AWAITING_PAYMENT' || !session.paymentId) {
    return { checked: false, reason: 'not-awaiting-payment' };
  }
  const now = nowOf(deps);
  const claimed = await deps.db.driverSession.updateMany({
    where: {
      id: session.id,
      status: 'AWAITING_PAYMENT',
      OR: [{ paymentCheckedAt: null }, { paymentCheckedAt: { lte: new Date(now.getTime() - PAGE_CHECK_INTERVAL_MS) } }],
    },
    data: { paymentCheckedAt: now },
  });
  if (!claimed.count) return { checked: false, reason: 'too-soon' };
  return { checked: true, outcome: await checkSessionPayment(deps, session) };
}
