import type { Db } from '@magma/db';
import type { PaymentProvider, ProviderName } from '@magma/payments';
import { AppError } from '../../errors/app-error.ts';
import {
  PAYMENTS_NOT_SET_UP,
  type GatewayRegistry,
  type TenantGateway,
} from '../../payments/accounts/gateway-registry.ts';
import { createPayment } from '../../payments/create-payment.ts';
import { recordPaymentEvent } from '../../payments/record-payment-event.ts';
import { syncPaymentStatus } from '../../payments/sync-payment-status.ts';
import { declinedRefundOf, refundPayment, type RefundPaymentResult } from '../../payments/refund-payment.ts';
import type { DriverPaymentsPort, UnusedRefund } from '../types.ts';

type Resolver = Pick<GatewayRegistry, 'forTenant' | 'ofPayment' | 'forWebhook'>;

/**
 * A fixed wiring for tests that drive one gateway directly: every tenant pays through `preferred`,
 * and a payment's refunds go to the gateway of its provider. Production wires a GatewayRegistry,
 * which reads each tenant's own settings.
 */
export function fixedGateways({
  gateways,
  preferred,
}: {
  gateways: Partial<Record<ProviderName, PaymentProvider>>;
  preferred: ProviderName;
}): Resolver {
  const pick = (name: ProviderName) => {
    const g = gateways[name];
    if (!g) throw new Error(`Payment provider ${name} is not configured`);
    return g;
  };
  return {
    forTenant: () =>
      Promise.resolve({ ok: true, gateway: pick(preferred), paymentAccountId: null, testMode: preferred === 'TEST' }),
    async ofPayment({ db, paymentId }) {
      const p = await db.payment.findUniqueOrThrow({ where: { id: paymentId }, select: { provider: true } });
      return pick(p.provider);
    },
    forWebhook: ({ provider }) => Promise.resolve(gateways[provider] ?? null),
  };
}

/** The driver flow's view of the payments module. */
export function paymentsPort(
  wiring: (
    { registry: Resolver } | { gateways: Partial<Record<ProviderName, PaymentProvider>>; preferred: ProviderName }
  ) & {
    /** Makes the payer's VPA/phone searchable (payerLookupKeyOf); without it they are only shown masked. */
    payerLookupKey?: string;
  },
): DriverPaymentsPort {
  const registry = 'registry' in wiring ? wiring.registry : fixedGateways(wiring);
  const usable = async (db: Db, tenantId: string, chargerId?: string | null) => {
    const r: TenantGateway = await registry.forTenant({ db, tenantId, chargerId });
    if (!r.ok)
      throw new AppError('CONFLICT', PAYMENTS_NOT_SET_UP, {
        details: { reason: 'payments-not-set-up', why: r.reason },
      });
    return r;
  };
  return {
    providerFor: (input) => registry.forTenant(input),
    ofPayment: (input) => registry.ofPayment(input),
    forWebhook: (input) => registry.forWebhook(input),
    async createPayment({ db, tenantId, amountMinor, currency, email, chargerId, evseId, returnUrl, description }) {
      const { gateway, paymentAccountId } = await usable(db, tenantId, chargerId);
      const created = await createPayment({
        db,
        gateway,
        paymentAccountId,
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
      if (gateway.name === 'TEST' && created.checkout.kind === 'redirect') {
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
    async syncStatus({ db, tenantId, paymentId }) {
      const gateway = await registry.ofPayment({ db, paymentId });
      return syncPaymentStatus({ db, tenantId, paymentId, gateway, payerLookupKey: wiring.payerLookupKey });
    },
    async recordEvent({ db, tenantId, provider, event, paymentAccountId }) {
      const r = await recordPaymentEvent({
        db,
        tenantId,
        provider,
        event,
        paymentAccountId,
        payerLookupKey: wiring.payerLookupKey,
      });
      if (r.outcome === 'applied') return { paymentId: r.paymentId, duplicate: false, status: r.status };
      return { paymentId: r.paymentId, duplicate: r.outcome === 'duplicate', status: null };
    },
    async refundUnused({ db, tenantId, paymentId, reason, idempotencyKey, now }): Promise<UnusedRefund> {
      const gateway = await registry.ofPayment({ db, paymentId });
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
