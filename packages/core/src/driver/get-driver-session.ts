import type { DriverSessionKind, DriverSessionStatus, PaymentStatus } from '@magma/db';
import type { CheckoutData } from '@magma/payments';
import type { BilledAmounts } from '../tariffs/billed-amounts.ts';
import {
  adjustmentRefundOf,
  driverRefundOf,
  type AdjustmentRefundView,
  type DriverRefundView,
} from './driver-refund.ts';
import { connectorTypeLabel } from './get-connector-for-driver.ts';
import { findDriverSession } from './find-driver-session.ts';
import { linkDriverTransaction } from './link-driver-transaction.ts';
import { nowOf, type DriverDeps, type PricedLineView } from './types.ts';

export type DriverSessionView = {
  id: string;
  kind: DriverSessionKind;
  status: DriverSessionStatus;
  connectorLabel: string;
  siteName: string | null;
  connectorCode: string;
  currency: string;
  limitMinor: number | null;
  limitWh: number | null;
  email: string | null;
  failureReason: string | null;
  checkout: CheckoutData | null;
  payment: { status: PaymentStatus; amountMinor: number; capturedMinor: number; refundedMinor: number } | null;
  transactionId: string | null;
  live: {
    energyWh: number;
    powerW: number | null;
    soc: number | null;
    startedAt: string;
    endedAt: string | null;
    costMinor: number | null;
    ended: boolean;
  } | null;
  /**
   * The bill: what the driver paid for (costMinor) and the GST in it (taxMinor), the lines as the
   * tariff priced them, and who bears what (the tariff's price, a sponsor's share, a part written off
   * beyond the prepaid amount, the driver's taxable value and tax).
   */
  final: {
    costMinor: number;
    taxMinor: number;
    refundMinor: number;
    lines: PricedLineView[];
    taxRateBps: number;
    amounts: BilledAmounts | null;
  } | null;
  /** What became of the unused money once settled (or of all of it when the charger never started). */
  refund: DriverRefundView | null;
  /** Money a late-stop adjustment found was charged too much: refunded, being sent, or under the gateway's minimum. */
  adjustmentRefund: AdjustmentRefundView | null;
};

/** What the /s/{token} page shows, from the database: the page re-reads it on every live event. */
export async function getDriverSession(
  deps: DriverDeps,
  { tenantId, token }: { tenantId: string; token: string },
): Promise<DriverSessionView> {
  const { db } = deps;
  let session = await findDriverSession({ db, tenantId, token });
  if (session.status === 'STARTING') {
    await linkDriverTransaction(deps, { sessionId: session.id });
    session = await db.driverSession.findUniqueOrThrow({ where: { id: session.id } });
  }
  const [connector, payment, tx] = await Promise.all([
    db.connector.findUniqueOrThrow({
      where: { id: session.connectorRowId },
      include: { charger: { include: { site: true } } },
    }),
    session.paymentId ? db.payment.findUnique({ where: { id: session.paymentId } }) : null,
    session.transactionId ? db.transaction.findUnique({ where: { id: session.transactionId } }) : null,
  ]);

  let live: DriverSessionView['live'] = null;
  if (tx) {
    const ended = tx.status === 'COMPLETED';
    const estimate = ended
      ? null
      : await deps.pricing.estimateTransaction({ db, transactionId: tx.id, at: nowOf(deps) }).catch(() => null);
    live = {
      energyWh: tx.energyWh,
      powerW: ended ? null : tx.livePowerW,
      soc: tx.liveSoc,
      startedAt: tx.startedAt.toISOString(),
      endedAt: tx.stoppedAt?.toISOString() ?? null,
      costMinor: ended ? (session.costMinor ?? tx.costMinor) : (estimate?.costMinor ?? null),
      ended,
    };
  }
  let final: DriverSessionView['final'] = null;
  if (session.status === 'SETTLED' && tx) {
    const priced = await deps.pricing.priceTransaction({ db, transactionId: tx.id }).catch(() => null);
    final = {
      costMinor: session.costMinor ?? priced?.costMinor ?? 0,
      taxMinor: priced?.taxMinor ?? 0,
      refundMinor: session.refundMinor,
      lines: priced?.lines ?? [],
      taxRateBps: priced?.taxRateBps ?? 0,
      amounts: priced?.amounts ?? null,
    };
  }
  return {
    id: session.id,
    kind: session.kind,
    status: session.status,
    connectorLabel: `${connector.charger.identity} · ${connectorTypeLabel(connector.type)} #${connector.evseId}`,
    siteName: connector.charger.site?.name ?? null,
    connectorCode: connector.shortCode ?? `${connector.charger.identity}/${connector.evseId}`,
    currency: payment?.currency ?? tx?.currency ?? 'INR',
    limitMinor: session.limitMinor,
    limitWh: session.limitWh,
    email: session.email,
    failureReason: session.failureReason,
    checkout: session.status === 'AWAITING_PAYMENT' ? ((session.checkout as CheckoutData | null) ?? null) : null,
    payment: payment
      ? {
          status: payment.status,
          amountMinor: payment.amountMinor,
          capturedMinor: payment.capturedMinor,
          refundedMinor: payment.refundedMinor,
        }
      : null,
    transactionId: session.transactionId,
    live,
    final,
    refund: payment ? await driverRefundOf(deps, session, payment) : null,
    adjustmentRefund: await adjustmentRefundOf(db, session, payment),
  };
}
