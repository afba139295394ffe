import { createHash } from 'node:crypto';
import type { Db, PaymentModel as Payment, PaymentStatus } from '@magma/db';
import type { PaymentProvider } from '@magma/payments';
import { AppError } from '../errors/app-error.ts';
import { postPaymentRefunds } from '../ledger/post-payment-refunds.ts';
import { gatewayError } from './gateway-error.ts';
import { lockPayment, settlePayment, type Tx } from './payment-ledger.ts';
import { refundTotals } from './payment-state.ts';

export type RefundPaymentResult =
  | {
      outcome: 'refunded';
      refundId: string;
      amountMinor: number;
      refundStatus: 'PENDING' | 'PROCESSED';
      status: PaymentStatus;
    }
  /** Everything captured is already refunded or being refunded, or nothing was used up. */
  | { outcome: 'nothing-to-refund'; status: PaymentStatus }
  /**
   * What is left to refund is less than the gateway's documented minimum: nothing was sent, nothing
   * recorded, the amount stays with the operator.
   */
  | { outcome: 'below-minimum'; amountMinor: number; minimumMinor: number; status: PaymentStatus }
  /** Another refund of this payment was sent moments ago and has no answer yet. */
  | { outcome: 'in-progress'; refundId: string };

/** What a declined refund's PAYMENT_FAILED error carries in `details`. */
export type DeclinedRefund = { refundId: string; amountMinor: number; reason: string };

export function declinedRefundOf(e: unknown): DeclinedRefund | null {
  if (!AppError.is(e) || e.code !== 'PAYMENT_FAILED') return null;
  const d = e.details as Partial<DeclinedRefund> | undefined;
  return typeof d?.refundId === 'string' && typeof d.amountMinor === 'number'
    ? { refundId: d.refundId, amountMinor: d.amountMinor, reason: d.reason ?? e.message }
    : null;
}

function declined(refund: { id: string; amountMinor: number }, reason: string, cause?: unknown): AppError {
  const details: DeclinedRefund = { refundId: refund.id, amountMinor: refund.amountMinor, reason };
  return new AppError('PAYMENT_FAILED', 'The gateway declined the refund', { details, cause });
}

/** A caller's idempotency key becomes the Refund row id, so a repeated request finds its refund. */
export function refundIdFor(paymentId: string, idempotencyKey: string): string {
  const h = createHash('sha256').update(`${paymentId}:${idempotencyKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Session = {
  status: string;
  costMinor: number | null;
  taxMinor: number | null;
  sponsorMinor: number | null;
} | null;

/**
 * What the driver owes for the session: nothing if the charger never started, otherwise the priced
 * cost plus tax, less what a sponsor covers. Unpriced finished sessions are a conflict, not a guess.
 */
function usedMinor(session: Session): number {
  if (!session) return 0;
  if (session.costMinor === null) {
    throw new AppError(
      'CONFLICT',
      session.status === 'ACTIVE' ? 'The session is still running' : 'The session is not priced yet',
    );
  }
  return Math.max(0, session.costMinor + (session.taxMinor ?? 0) - (session.sponsorMinor ?? 0));
}

/**
 * Refunds the unused part of a prepaid payment (or all of it when the charger never started, or
 * `amountMinor` when an operator asks for a specific amount). Safe to call again: the refundable
 * amount is what was captured less every processed and pending refund, computed under the payment
 * row lock; an unanswered earlier attempt is resent with the same idempotency key (the Refund id).
 */
export async function refundPayment({
  db,
  tenantId,
  paymentId,
  gateway,
  amountMinor,
  reason,
  idempotencyKey,
  resendAfterMs = 30_000,
  now = () => new Date(),
}: {
  db: Db;
  tenantId: string;
  paymentId: string;
  gateway: PaymentProvider;
  amountMinor?: number;
  reason?: string;
  /** Makes this particular refund request idempotent (for example "start-failed"). */
  idempotencyKey?: string;
  resendAfterMs?: number;
  now?: () => Date;
}): Promise<RefundPaymentResult> {
  if (amountMinor !== undefined && (!Number.isSafeInteger(amountMinor) || amountMinor <= 0)) {
    throw new AppError('BAD_INPUT', 'Refund amount must be a positive number of paise');
  }

  const planned = await db.$transaction(async (tx) => {
    const payment = await lockPayment(tx, { tenantId, paymentId });
    if (!payment) throw new AppError('NOT_FOUND', 'Payment not found');
    if (payment.provider !== gateway.name) throw new AppError('BAD_INPUT', `Payment was made with ${payment.provider}`);
    if (!payment.providerPaymentId || payment.capturedMinor === 0) {
      return { kind: 'none' as const, status: payment.status };
    }
    const refunds = await tx.refund.findMany({ where: { paymentId }, orderBy: { createdAt: 'asc' } });
    const keyedId = idempotencyKey ? refundIdFor(paymentId, idempotencyKey) : undefined;
    const keyed = keyedId ? refunds.find((r) => r.id === keyedId) : undefined;
    if (keyed && !(keyed.status === 'PENDING' && keyed.providerRefundId === null)) {
      return { kind: 'done' as const, payment, refund: keyed };
    }
    const unsent = keyed ?? refunds.find((r) => r.status === 'PENDING' && r.providerRefundId === null);
    if (unsent) {
      if (now().getTime() - unsent.updatedAt.getTime() < resendAfterMs)
        return { kind: 'in-progress' as const, refundId: unsent.id };
      await tx.refund.update({ where: { id: unsent.id }, data: { updatedAt: now() } });
      return { kind: 'send' as const, payment, refund: unsent };
    }
    const totals = refundTotals(refunds);
    const refundable = payment.capturedMinor - totals.refundedMinor - totals.pendingMinor;
    let wanted: number;
    if (amountMinor !== undefined) {
      wanted = amountMinor;
    } else {
      const session = await tx.transaction.findUnique({
        where: { paymentId },
        select: { status: true, costMinor: true, taxMinor: true, sponsorMinor: true },
      });
      // The prepaid amount is what was captured; the part already returned is subtracted below.
      wanted = payment.capturedMinor - usedMinor(session) - totals.refundedMinor - totals.pendingMinor;
    }
    const amount = Math.min(wanted, refundable);
    if (amount <= 0) return { kind: 'none' as const, status: payment.status };
    if (amount < gateway.minRefundMinor) {
      return { kind: 'below-minimum' as const, amount, status: payment.status };
    }
    const refund = await tx.refund.create({
      data: { id: keyedId, paymentId, amountMinor: amount, status: 'PENDING', reason },
    });
    await settlePayment(tx, payment, { signal: null });
    return { kind: 'send' as const, payment, refund };
  });

  if (planned.kind === 'none') return { outcome: 'nothing-to-refund', status: planned.status };
  if (planned.kind === 'in-progress') return { outcome: 'in-progress', refundId: planned.refundId };
  if (planned.kind === 'below-minimum') {
    return {
      outcome: 'below-minimum',
      amountMinor: planned.amount,
      minimumMinor: gateway.minRefundMinor,
      status: planned.status,
    };
  }
  if (planned.kind === 'done') {
    // The same keyed request again: answer as the first time did, without asking the gateway.
    if (planned.refund.status === 'FAILED') throw declined(planned.refund, 'The gateway declined the refund');
    return {
      outcome: 'refunded',
      refundId: planned.refund.id,
      amountMinor: planned.refund.amountMinor,
      refundStatus: planned.refund.status === 'PROCESSED' ? 'PROCESSED' : 'PENDING',
      status: planned.payment.status,
    };
  }
  return send({ db, tenantId, gateway, payment: planned.payment, refund: planned.refund });
}

async function send({
  db,
  tenantId,
  gateway,
  payment,
  refund,
}: {
  db: Db;
  tenantId: string;
  gateway: PaymentProvider;
  payment: Payment;
  refund: { id: string; amountMinor: number };
}): Promise<RefundPaymentResult> {
  // Only captured payments reach here, and a capture always records the gateway's payment id.
  const providerPaymentId = payment.providerPaymentId;
  if (!providerPaymentId) throw new AppError('INTERNAL', 'Captured payment without a gateway payment id');
  let result: Awaited<ReturnType<PaymentProvider['refund']>>;
  try {
    result = await gateway.refund({
      providerPaymentId,
      providerOrderId: payment.providerOrderId ?? undefined,
      amountMinor: refund.amountMinor,
      idempotencyKey: refund.id,
    });
  } catch (e) {
    const err = gatewayError(e, 'Refund failed');
    // Refused: the refund is over. Unreachable: leave it pending without a gateway id, so the next
    // call resends it under the same key.
    if (err.code !== 'PAYMENT_FAILED') throw err;
    await finish(db, tenantId, payment.id, refund.id, { status: 'FAILED', providerRefundId: null });
    throw declined(refund, err.message, err);
  }
  const status = result.status === 'processed' ? 'PROCESSED' : result.status === 'failed' ? 'FAILED' : 'PENDING';
  const updated = await finish(db, tenantId, payment.id, refund.id, {
    status,
    providerRefundId: result.providerRefundId,
    amountMinor: result.amountMinor,
  });
  if (updated.refundStatus === 'FAILED') throw declined(refund, 'The gateway answered that the refund failed');
  return {
    outcome: 'refunded',
    refundId: refund.id,
    amountMinor: refund.amountMinor,
    refundStatus: updated.refundStatus === 'PROCESSED' ? 'PROCESSED' : 'PENDING',
    status: updated.paymentStatus,
  };
}

async function finish(
  db: Db,
  tenantId: string,
  paymentId: string,
  refundId: string,
  outcome: { status: 'PENDING' | 'PROCESSED' | 'FAILED'; providerRefundId: string | null; amountMinor?: number },
): Promise<{ refundStatus: string; paymentStatus: PaymentStatus }> {
  return db.$transaction(async (tx) => {
    const payment = await lockPayment(tx, { tenantId, paymentId });
    if (!payment) throw new AppError('NOT_FOUND', 'Payment not found');
    const current = await tx.refund.findUniqueOrThrow({ where: { id: refundId } });
    const other = outcome.providerRefundId;
    const bound = gatewayIdOf(current);
    if (other && other !== current.id && bound && bound !== other && outcome.status !== 'FAILED') {
      // The gateway answered with another refund than the one its webhook already named for this
      // key: it made two. The second is recorded as what it is, never merged into ours.
      await recordDuplicateAtGateway(tx, payment, current, {
        providerRefundId: other,
        amountMinor: outcome.amountMinor ?? current.amountMinor,
        status: outcome.status,
      });
      const updated = await settlePayment(tx, payment, { signal: null });
      return { refundStatus: current.status, paymentStatus: updated.status };
    }
    // A webhook may have settled this refund while we waited for the gateway's answer.
    const status = current.status === 'PENDING' ? outcome.status : current.status;
    await tx.refund.update({
      where: { id: refundId },
      data: { status, providerRefundId: bound ?? outcome.providerRefundId ?? current.providerRefundId },
    });
    const updated = await settlePayment(tx, payment, { signal: null });
    // An accepted refund of a session already in the ledger posts its reversing entry here; one that failed after it was posted is undone.
    await postPaymentRefunds({ tx, paymentId, at: new Date() });
    return { refundStatus: status, paymentStatus: updated.status };
  });
}

/**
 * The gateway's own id of a refund row, or null while unknown. A gateway that names a refund only
 * by our key (Juspay without a refund id) leaves our key there, which identifies nothing at the gateway.
 */
export function gatewayIdOf(row: { id: string; providerRefundId: string | null }): string | null {
  return row.providerRefundId && row.providerRefundId !== row.id ? row.providerRefundId : null;
}

/** A second refund the gateway made for one refund of ours: its own row, flagged and audited, once. */
export async function recordDuplicateAtGateway(
  tx: Tx,
  payment: Payment,
  ours: { id: string; providerRefundId: string | null },
  theirs: { providerRefundId: string; amountMinor: number; status: 'PENDING' | 'PROCESSED' | 'FAILED' },
): Promise<void> {
  const seen = await tx.refund.findFirst({
    where: { paymentId: payment.id, providerRefundId: theirs.providerRefundId },
    select: { id: true },
  });
  if (seen) return;
  const created = await tx.refund.create({
    data: {
      paymentId: payment.id,
      amountMinor: theirs.amountMinor,
      providerRefundId: theirs.providerRefundId,
      status: theirs.status,
      reason: `Second refund at the gateway for refund ${ours.id}`,
      anomaly: DUPLICATE_AT_GATEWAY,
    },
  });
  await tx.auditLog.create({
    data: {
      tenantId: payment.tenantId,
      action: 'payment.refund_duplicate_at_gateway',
      entityType: 'Payment',
      entityId: payment.id,
      after: {
        refundId: created.id,
        providerRefundId: theirs.providerRefundId,
        amountMinor: theirs.amountMinor,
        duplicateOfRefundId: ours.id,
        duplicateOfProviderRefundId: ours.providerRefundId,
      },
    },
  });
}

/** Marks a refund the gateway made beyond the one we asked for under that key. */
export const DUPLICATE_AT_GATEWAY = 'DUPLICATE_AT_GATEWAY';
