import type { DriverSessionModel as DriverSession } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { postPaymentRefunds } from '../ledger/post-payment-refunds.ts';
import { postTransactionSettlement } from '../ledger/post-session-settlement.ts';
import { adjustSettledSession } from './adjust-settled-session.ts';
import { settlementRefundKey } from './driver-refund.ts';
import { linkDriverTransaction } from './link-driver-transaction.ts';
import { billedAmounts } from '../tariffs/billed-amounts.ts';
import { billedFigures } from '../tariffs/transaction-pricing-input.ts';
import { audit } from './start-charging.ts';
import { sessionLinkUrl } from './session-link.ts';
import {
  nowOf,
  refundedMinorOf,
  type DriverDeps,
  type PricedTransaction,
  type UnrefundedAmount,
  type UnusedRefund,
} from './types.ts';

export type SettleResult =
  | { settled: false; reason: 'no-session' | 'not-ended' | 'already-settled' | 'busy' | 'refund-unanswered' }
  | {
      settled: true;
      costMinor: number;
      /** Refunded or on its way back: 0 when the gateway declined it or it was under its minimum. */
      refundMinor: number;
      /** The unused amount that did not go back, and why. */
      unrefunded: UnrefundedAmount | null;
      emailId: string | null;
    };

/** Another process claimed this settlement this recently: leave it alone. */
const CLAIM_LEASE_MS = 2 * 60_000;

/**
 * Settles the driver session of an ended transaction: the final price, the refund of what the
 * prepaid amount did not use, the branded receipt. Called by whichever process hears the
 * transaction end (and by the sweep); a claim in the database makes it happen exactly once.
 */
export async function settleDriverSession(
  deps: DriverDeps,
  { transactionId }: { transactionId: string },
): Promise<SettleResult> {
  const { db } = deps;
  let session = await db.driverSession.findUnique({ where: { transactionId } });
  if (!session) {
    // The transaction may have ended before anyone linked it (a very short session).
    const tx = await db.transaction.findUnique({ where: { id: transactionId } });
    if (!tx?.idTag) return { settled: false, reason: 'no-session' };
    const starting = await db.driverSession.findFirst({
      where: { tenantId: tx.tenantId, chargerId: tx.chargerId, evseId: tx.evseId, idTag: tx.idTag, status: 'STARTING' },
    });
    if (!starting) return { settled: false, reason: 'no-session' };
    await linkDriverTransaction(deps, { sessionId: starting.id });
    session = await db.driverSession.findUnique({ where: { transactionId } });
    if (!session) return { settled: false, reason: 'no-session' };
  }
  if (session.status === 'SETTLED') {
    // The charger's own stop of a transaction the CSMS closed, after the session settled.
    await adjustSettledSession(deps, session);
    return { settled: false, reason: 'already-settled' };
  }
  const tx = await db.transaction.findUniqueOrThrow({ where: { id: transactionId } });
  if (tx.status !== 'COMPLETED') return { settled: false, reason: 'not-ended' };

  const now = nowOf(deps);
  // The claim: settledAt doubles as a lease so a crashed settlement is retried by the sweep.
  const claimed = await db.driverSession.updateMany({
    where: {
      id: session.id,
      status: { not: 'SETTLED' },
      OR: [{ settledAt: null }, { settledAt: { lt: new Date(now.getTime() - CLAIM_LEASE_MS) } }],
    },
    data: { settledAt: now },
  });
  if (claimed.count === 0) return { settled: false, reason: 'busy' };

  const release = () => db.driverSession.update({ where: { id: session.id }, data: { settledAt: null } });
  try {
    // A station that started the transaction before the driver paid (cable plugged in first) bills
    // from the payment: the receipt shows that start and that energy, as the price does.
    const billed = await billedFigures(db, tx);
    const result = await settleClaimed(deps, session, billed.energyWh, billed.startedAt, tx.stoppedAt ?? now);
    if (!result.settled) await release();
    return result;
  } catch (e) {
    await release();
    throw e;
  }
}

async function settleClaimed(
  deps: DriverDeps,
  session: DriverSession,
  energyWh: number,
  startedAt: Date,
  endedAt: Date,
): Promise<SettleResult> {
  const { db } = deps;
  const payment = session.paymentId ? await db.payment.findUniqueOrThrow({ where: { id: session.paymentId } }) : null;
  const rated = await priceOrNothing(deps, session.transactionId!, payment === null);
  const paidMinor = payment?.capturedMinor ?? 0;
  // The driver's share of the tariff's price (a retried settlement finds its write-off recorded).
  const owedMinor = rated.amounts.driver.grossMinor + rated.amounts.writtenOff.grossMinor;
  // A prepaid driver never pays more than they paid; the charger is stopped at the limit. What it
  // delivered past it is written off, borne by the operator: the transaction then records the
  // billed amount's taxable value and tax, which revenue and GST reports add up, as the receipt shows.
  const costMinor = payment ? Math.min(owedMinor, paidMinor) : owedMinor;
  const writtenOffMinor = owedMinor - costMinor;
  const priced =
    writtenOffMinor === rated.amounts.writtenOff.grossMinor
      ? rated
      : await deps.pricing.writeOff({ db, transactionId: session.transactionId!, writtenOffMinor });

  let refund: UnusedRefund = { outcome: 'none' };
  if (payment && paidMinor > costMinor) {
    // Keyed per session: a settlement retried after a crash or an unreachable gateway finds the
    // refund it already sent (or resends that same one), and a declined refund is not sent again.
    refund = await deps.payments.refundUnused({
      db,
      tenantId: session.tenantId,
      paymentId: payment.id,
      reason: 'Unused prepaid amount',
      idempotencyKey: settlementRefundKey(session.id),
      now: () => nowOf(deps),
    });
  }
  // Sent moments ago and unanswered: the sweep settles once the gateway has answered.
  if (refund.outcome === 'in-progress') return { settled: false, reason: 'refund-unanswered' };
  const refundMinor = refundedMinorOf(refund);
  const unrefunded = unrefundedOf(refund);

  // The ledger's postings for the session (and for the refund just made) commit with the settlement.
  await db.$transaction(async (t) => {
    const settledAt = nowOf(deps);
    await t.driverSession.update({
      where: { id: session.id },
      data: { status: 'SETTLED', costMinor, refundMinor, endedAt: endedAt, settledAt },
    });
    await postTransactionSettlement({ tx: t, transactionId: session.transactionId!, at: settledAt });
    if (payment) await postPaymentRefunds({ tx: t, paymentId: payment.id, at: settledAt });
  });
  if (session.kind === 'PAID' && session.idTokenId) {
    await db.idToken.updateMany({ where: { id: session.idTokenId, type: 'APP' }, data: { status: 'EXPIRED' } });
  }
  await audit(deps, session, 'driver.settled', {
    transactionId: session.transactionId,
    costMinor,
    refundMinor,
    paidMinor,
    ...(writtenOffMinor ? { writtenOffMinor } : {}),
  });
  if (unrefunded) {
    await audit(
      deps,
      session,
      unrefunded.reason === 'declined' ? 'driver.refund_declined' : 'driver.refund_below_minimum',
      { transactionId: session.transactionId, paymentId: payment?.id, ...unrefunded },
    );
  }

  let emailId: string | null = null;
  if (session.email)
    emailId = await sendReceipt(deps, session, {
      priced,
      paidMinor,
      refundMinor,
      unrefunded,
      energyWh,
      startedAt,
      endedAt,
    });
  return { settled: true, costMinor, refundMinor, unrefunded, emailId };
}

function unrefundedOf(refund: UnusedRefund): UnrefundedAmount | null {
  if (refund.outcome === 'below-minimum') {
    return { reason: 'below-minimum', amountMinor: refund.unrefundedMinor, minimumMinor: refund.minimumMinor };
  }
  if (refund.outcome === 'declined') {
    return { reason: 'declined', amountMinor: refund.unrefundedMinor, gatewayReason: refund.reason };
  }
  return null;
}

/**
 * A PIN session on a connector without a tariff has nothing to price: it settles at zero rather
 * than failing every sweep. A paid session always had a price (checkout needs one), so its
 * pricing errors propagate and the sweep retries.
 */
async function priceOrNothing(deps: DriverDeps, transactionId: string, unpaid: boolean): Promise<PricedTransaction> {
  try {
    return await deps.pricing.priceTransaction({ db: deps.db, transactionId });
  } catch (e) {
    if (!unpaid || !AppError.is(e) || e.code !== 'CONFLICT') throw e;
    const tx = await deps.db.transaction.findUniqueOrThrow({
      where: { id: transactionId },
      select: { currency: true },
    });
    const amounts = billedAmounts({ subtotalMinor: 0, taxMinor: 0, sponsorMinor: 0, taxRateBps: 0 });
    return { costMinor: 0, taxMinor: 0, sponsorMinor: 0, taxRateBps: 0, currency: tx.currency, lines: [], amounts };
  }
}

async function sendReceipt(
  deps: DriverDeps,
  session: DriverSession,
  r: {
    priced: PricedTransaction;
    paidMinor: number;
    refundMinor: number;
    unrefunded: UnrefundedAmount | null;
    energyWh: number;
    startedAt: Date;
    endedAt: Date;
  },
) {
  try {
    const charger = await deps.db.charger.findUniqueOrThrow({
      where: { id: session.chargerId },
      include: { site: true, tenant: true },
    });
    const { emailId } = await deps.mail.sendSessionReceipt({
      db: deps.db,
      tenantId: session.tenantId,
      to: session.email!,
      sessionId: session.id,
      transactionId: session.transactionId!,
      chargerLabel: `${charger.identity} #${session.evseId}`,
      siteName: charger.site?.name ?? null,
      timeZone: charger.tenant.timezone,
      paymentId: session.paymentId,
      locale: session.locale,
      sessionLink: deps.sessionLinks ? sessionLinkUrl(deps.sessionLinks, session, nowOf(deps)) : null,
      ...r,
    });
    if (emailId) await deps.db.driverSession.update({ where: { id: session.id }, data: { receiptEmailId: emailId } });
    return emailId;
  } catch (e) {
    deps.onError?.(e, `receipt for driver session ${session.id}`);
    return null;
  }
}
