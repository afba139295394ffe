import type { Db } from '@magma/db';
import type { PaymentProvider, ProviderName } from '@magma/payments';
import { createPayment } from '../../payments/create-payment.ts';
import { recordPaymentEvent } from '../../payments/record-payment-event.ts';
import { declinedRefundOf, refundPayment, type RefundPaymentResult } from '../../payments/refund-payment.ts';
import type { DriverPaymentsPort, UnusedRefund } from '../types.ts';

/**
 * The driver flow's view of the payments module. `gateways` are the configured providers; drivers
 * pay through `preferred` (Razorpay when its keys are set, the offline TestGateway otherwise).
 */
export function paymentsPort({
  gateways,
  preferred,
}: {
  gateways: Partial<Record<ProviderName, PaymentProvider>>;
  preferred: ProviderName;
}): DriverPaymentsPort {
  const pick = (name: ProviderName) => {
    const g = gateways[name];
    if (!g) throw new Error(`Payment provider ${name} is not configured`);
    return g;
  };
  const paymentGateway = async (db: Db, paymentId: string) => {
    const p = await db.payment.findUniqueOrThrow({ where: { id: paymentId }, select: { provider: true } });
    return pick(p.provider);
  };
  return {
    providerFor: () => pick(preferred),
    provider: (name) => gateways[name],
    async createPayment({ db, tenantId, amountMinor, currency, email, chargerId, evseId, returnUrl, description }) {
      const created = await createPayment({
        db,
        gateway: pick(preferred),
        tenantId,
        amountMinor,
        currency,
        chargerId,
        evseId,
        email: email ?? undefined,
        returnUrl,
        notes: { description },
      });
      // The offline gateway's page has no return URL of its own: it sends the driver back to the
      // session page named here (a same-origin path, checked again where it is used).
      if (preferred === 'TEST' && created.checkout.kind === 'redirect') {
        const url = new URL(created.checkout.url, 'http://x');
        url.searchParams.set('return', new URL(returnUrl).pathname);
        const rel = `${url.pathname}${url.search}`;
        return {
          ...created,
          checkout: {
            kind: 'redirect' as const,
            url: created.checkout.url.startsWith('/') ? rel : new URL(rel, created.checkout.url).toString(),
          },
        };
      }
      return created;
    },
    async recordEvent({ db, tenantId, provider, event }) {
      const r = await recordPaymentEvent({ db, tenantId, provider, event });
      if (r.outcome === 'applied') return { paymentId: r.paymentId, duplicate: false, status: r.status };
      return { paymentId: r.paymentId, duplicate: r.outcome === 'duplicate', status: null };
    },
    async refundUnused({ db, tenantId, paymentId, reason, idempotencyKey, now }): Promise<UnusedRefund> {
      const gateway = await paymentGateway(db, paymentId);
      let r: RefundPaymentResult;
      try {
        r = await refundPayment({ db, tenantId, paymentId, gateway, reason, idempotencyKey, now });
      } catch (e) {
        const d = declinedRefundOf(e);
        if (!d) throw e;
        return { outcome: 'declined', unrefundedMinor: d.amountMinor, reason: d.reason };
      }
      switch (r.outcome) {
        case 'refunded':
          return { outcome: 'refunded', amountMinor: r.amountMinor };
        case 'below-minimum':
          return { outcome: 'below-minimum', unrefundedMinor: r.amountMinor, minimumMinor: r.minimumMinor };
        case 'in-progress':
          return { outcome: 'in-progress' };
        case 'nothing-to-refund':
          return { outcome: 'none' };
      }
    },
  };
}
