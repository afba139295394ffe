import type { Db, PaymentProvider as ProviderName } from '@magma/db';
import type { GatewayEvent } from '@magma/payments';
import { randomUUID } from 'node:crypto';

// Small builders shared by the payment integration tests.

export async function aTenant(db: Db, slug = `t-${randomUUID().slice(0, 8)}`) {
  return db.tenant.create({ data: { slug, name: `Tenant ${slug}` } });
}

export async function aCapturablePayment(
  db: Db,
  {
    tenantId,
    provider = 'RAZORPAY',
    amountMinor = 50000,
  }: { tenantId: string; provider?: ProviderName; amountMinor?: number },
) {
  const orderId = `order_${randomUUID().slice(0, 12)}`;
  return db.payment.create({ data: { tenantId, provider, amountMinor, providerOrderId: orderId } });
}

export function anEvent(over: Partial<GatewayEvent> & Pick<GatewayEvent, 'type' | 'providerOrderId'>): GatewayEvent {
  return {
    providerEventId: `evt_${randomUUID()}`,
    providerPaymentId: 'pay_1',
    providerRefundId: null,
    refundReference: null,
    amountMinor: 50000,
    currency: 'INR',
    failureReason: null,
    raw: { test: true },
    ...over,
  };
}
