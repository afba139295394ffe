import type { Db, PaymentModel as Payment, PaymentProvider as ProviderName, PaymentStatus, Prisma } from '@magma/db';
import type { GatewayEvent } from '@magma/payments';
import { postPaymentRefunds } from '../ledger/post-payment-refunds.ts';
import { rejectionOf } from './payment-event-checks.ts';
import { lockPayment, settlePayment, type Tx } from './payment-ledger.ts';
import { payerColumns, payerOfEvent, type Payer } from './payer-identity.ts';
import { nextRefundStatus, type PaymentSignal, type RefundRowStatus } from './payment-state.ts';
import { gatewayIdOf, recordDuplicateAtGateway } from './refund-payment.ts';

export type RecordPaymentEventResult =
  | { outcome: 'applied'; paymentId: string; status: PaymentStatus }
  /** Seen before (same provider event id): nothing changed. */
  | { outcome: 'duplicate'; paymentId: string | null }
  /** No payment of this tenant matches; kept so a later delivery can still be applied. */
  | { outcome: 'unmatched'; paymentId: null }
  /**
   * Signed by the gateway but inconsistent with its order (amount, currency, refund bounds): kept
   * as a REJECTED PaymentEvent with the reason, audited (payment.event_rejected), nothing changed.
   */
  | { outcome: 'rejected'; paymentId: string; reason: string };

const SIGNALS: Record<GatewayEvent['type'], PaymentSignal> = {
  'payment.authorized': 'authorized',
  'payment.captured': 'captured',
  'payment.failed': 'failed',
  'refund.created': 'refund',
  'refund.processed': 'refund',
  'refund.failed': 'refund',
};

const REFUND_STATUS: Partial<Record<GatewayEvent['type'], RefundRowStatus>> = {
  'refund.created': 'PENDING',
  'refund.processed': 'PROCESSED',
  'refund.failed': 'FAILED',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `account`: the gateway account the event was verified for (null: the platform's or the test gateway); undefined: any. */
async function findPayment(
  tx: Tx,
  tenantId: string,
  provider: ProviderName,
  event: GatewayEvent,
  account: string | null | undefined,
) {
  // An event verified with one account's secret names only that account's payments: an operator's
  // own secret can never move a payment the platform's account (or another account) took.
  const owner = account === undefined ? {} : { paymentAccountId: account };
  if (event.providerOrderId) {
    const p = await tx.payment.findFirst({
      where: { tenantId, provider, ...owner, providerOrderId: event.providerOrderId },
      select: { id: true },
    });
    if (p) return p;
  }
  // Some refund notifications name only the refund (PhonePe's failed-refund callback has an empty
  // order id): the refund we sent knows its payment.
  const key = gatewayRefundKey(event);
  const refundKeys = [
    ...(key ? [{ providerRefundId: key }] : []),
    ...(event.refundReference && UUID.test(event.refundReference) ? [{ id: event.refundReference }] : []),
  ];
  if (refundKeys.length) {
    const r = await tx.refund.findFirst({
      where: { OR: refundKeys, payment: { tenantId, provider, ...owner } },
      select: { paymentId: true },
    });
    if (r) return { id: r.paymentId };
  }
  if (event.providerPaymentId) {
    return tx.payment.findFirst({
      where: { tenantId, provider, ...owner, providerPaymentId: event.providerPaymentId },
      select: { id: true },
    });
  }
  return null;
}

/**
 * How a refund is known at the gateway: its own refund id or, when the gateway sends only the
 * merchant's reference and that reference is not one of ours (a refund made on PhonePe's dashboard
 * is named by its merchantRefundId alone), that reference.
 */
function gatewayRefundKey(event: GatewayEvent): string | null {
  if (event.providerRefundId) return event.providerRefundId;
  return event.refundReference && !UUID.test(event.refundReference) ? event.refundReference : null;
}

type RefundRow = Awaited<ReturnType<Tx['refund']['findMany']>>[number];

/**
 * The Refund row a refund event is about: by the gateway's id, else by our key echoed back, else
 * none (a new row). A refund echoing our key whose row is already bound to another gateway refund
 * is a second refund the gateway made for one request of ours: its own row, flagged.
 */
function matchRefund(
  refunds: readonly RefundRow[],
  event: GatewayEvent,
): { row: RefundRow | null; duplicateOf: RefundRow | null } {
  const key = gatewayRefundKey(event);
  const byProviderId = key ? refunds.find((r) => r.providerRefundId === key) : undefined;
  if (byProviderId) return { row: byProviderId, duplicateOf: null };
  const ref = event.refundReference && UUID.test(event.refundReference) ? event.refundReference : null;
  const byReference = ref ? refunds.find((r) => r.id === ref) : undefined;
  if (!byReference) return { row: null, duplicateOf: null };
  // A gateway that names the refund only by our key (key === ref) says nothing about which refund it is.
  const bound = gatewayIdOf(byReference);
  if (bound && key && key !== ref && bound !== key) {
    return { row: null, duplicateOf: byReference };
  }
  return { row: byReference, duplicateOf: null };
}

async function upsertRefund(
  tx: Tx,
  payment: Payment,
  event: GatewayEvent,
  incoming: RefundRowStatus,
  { row, duplicateOf }: { row: RefundRow | null; duplicateOf: RefundRow | null },
): Promise<void> {
  if (duplicateOf) {
    await recordDuplicateAtGateway(tx, payment, duplicateOf, {
      providerRefundId: gatewayRefundKey(event)!,
      amountMinor: event.amountMinor,
      status: incoming,
    });
    return;
  }
  if (!row) {
    // A refund started outside Magma (for example from the gateway dashboard).
    await tx.refund.create({
      data: {
        paymentId: payment.id,
        amountMinor: event.amountMinor,
        providerRefundId: gatewayRefundKey(event),
        status: incoming,
        reason: event.failureReason,
      },
    });
    return;
  }
  const status = nextRefundStatus(row.status as RefundRowStatus, incoming);
  await tx.refund.update({
    where: { id: row.id },
    data: {
      status,
      providerRefundId: gatewayIdOf(row) ?? event.providerRefundId ?? row.providerRefundId,
      // The gateway's amount is the truth once it has processed the refund.
      ...(status === 'PROCESSED' && incoming === 'PROCESSED' ? { amountMinor: event.amountMinor } : {}),
    },
  });
}

/**
 * Records a verified gateway event exactly once and moves the payment forward. The event row's
 * unique (provider, providerEventId) makes a replay a no-op; the payment row lock makes concurrent
 * deliveries apply one after the other; the state machine makes out-of-order deliveries converge.
 */
export async function recordPaymentEvent({
  db,
  tenantId,
  provider,
  event,
  paymentAccountId,
  payerLookupKey,
  payer,
  now = new Date(),
}: {
  db: Db;
  tenantId: string;
  provider: ProviderName;
  event: GatewayEvent;
  /** The payer lookup key (payerLookupKeyOf): with it the payer's VPA/phone become searchable. */
  payerLookupKey?: string;
  /** The payer, when the event is not a webhook body payerOfEvent reads (a status answer's). */
  payer?: Payer;
  /** The account whose secret verified the event (null: the platform's); only its payments are touched. */
  paymentAccountId?: string | null;
  /** When the event is recorded: the date of any ledger entry it causes. */
  now?: Date;
}): Promise<RecordPaymentEventResult> {
  return db.$transaction(async (tx) => {
    const found = await findPayment(tx, tenantId, provider, event, paymentAccountId);
    const payment = found ? await lockPayment(tx, { tenantId, paymentId: found.id }) : null;
    const refundStatus = REFUND_STATUS[event.type];
    const refunds = payment && refundStatus ? await tx.refund.findMany({ where: { paymentId: payment.id } }) : [];
    const target = refundStatus ? matchRefund(refunds, event) : { row: null, duplicateOf: null };
    const rejection = payment ? rejectionOf(payment, event, refunds, target.row?.id ?? null) : null;
    const review = rejection
      ? { status: 'REJECTED' as const, rejectionReason: rejection.slice(0, 500) }
      : { status: 'ACCEPTED' as const, rejectionReason: null };
    const inserted = await tx.paymentEvent.createMany({
      data: [
        {
          provider,
          providerEventId: event.providerEventId,
          type: event.type,
          paymentId: payment?.id ?? null,
          payload: (event.raw ?? {}) as Prisma.InputJsonValue,
          ...review,
        },
      ],
      skipDuplicates: true,
    });
    if (!payment) return { outcome: inserted.count ? 'unmatched' : 'duplicate', paymentId: null } as const;
    if (inserted.count === 0) {
      // Seen before. If it arrived before its payment existed, this delivery may claim it now.
      const claimed = await tx.paymentEvent.updateMany({
        where: { provider, providerEventId: event.providerEventId, paymentId: null },
        data: { paymentId: payment.id, ...review },
      });
      if (claimed.count === 0) return { outcome: 'duplicate', paymentId: payment.id } as const;
    }
    if (rejection) {
      await tx.auditLog.create({
        data: {
          tenantId,
          action: 'payment.event_rejected',
          entityType: 'Payment',
          entityId: payment.id,
          after: {
            provider,
            providerEventId: event.providerEventId,
            type: event.type,
            amountMinor: event.amountMinor,
            currency: event.currency,
            providerRefundId: event.providerRefundId,
            reason: rejection,
          },
        },
      });
      return { outcome: 'rejected', paymentId: payment.id, reason: rejection } as const;
    }

    if (refundStatus) await upsertRefund(tx, payment, event, refundStatus, target);
    const updated = await settlePayment(tx, payment, {
      signal: SIGNALS[event.type],
      amountMinor: event.amountMinor,
      providerPaymentId: event.type.startsWith('payment.') ? event.providerPaymentId : null,
      failureReason: event.failureReason,
      ...(event.type === 'payment.captured' ? { feeMinor: event.feeMinor, taxMinor: event.taxMinor } : {}),
    });
    // The payer the gateway names (UPI VPA, phone), masked and keyed: shown on the session, searchable.
    if (event.type === 'payment.captured' || event.type === 'payment.authorized') {
      const columns = payerColumns(payer ?? payerOfEvent(provider, event.raw), { key: payerLookupKey, tenantId });
      if (Object.keys(columns).length) await tx.payment.update({ where: { id: payment.id }, data: columns });
    }
    // A refund the gateway accepted (or failed after accepting) reaches the ledger with the event,
    // whether the operator asked for it or it was made at the gateway: each posts once, by its row.
    if (refundStatus) await postPaymentRefunds({ tx, paymentId: payment.id, at: now });
    return { outcome: 'applied', paymentId: payment.id, status: updated.status } as const;
  });
}
