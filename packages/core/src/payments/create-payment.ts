import { z } from 'zod';
import type { Db } from '@magma/db';
import type { CheckoutData, PaymentProvider } from '@magma/payments';
import { AppError } from '../errors/app-error.ts';
import { gatewayError } from './gateway-error.ts';
import { emitPaymentEvents } from './payment-events.ts';

const input = z.object({
  tenantId: z.uuid(),
  amountMinor: z.number().int().positive(),
  currency: z.string().length(3).default('INR'),
  chargerId: z.uuid().optional(),
  evseId: z.number().int().positive().optional(),
  email: z.email().nullish(),
  description: z.string().max(255).optional(),
  phone: z.string().min(6).max(20).optional(),
  returnUrl: z.url().optional(),
  notes: z.record(z.string(), z.string()).optional(),
});

export type CreatePaymentInput = z.input<typeof input> & {
  db: Db;
  gateway: PaymentProvider;
  /** The tenant's own account `gateway` was built from (null: the platform's account or the test gateway). */
  paymentAccountId?: string | null;
};

export type CreatedPayment = { paymentId: string; providerOrderId: string; checkout: CheckoutData };

/**
 * Creates our Payment row first (its id is the receipt every gateway echoes back), then the
 * gateway order. A gateway failure leaves the row FAILED with the reason, never half-made, and
 * reports payment.failed with that reason in the same transaction (the driver never got a checkout,
 * so no gateway webhook will ever tell the operator).
 */
export async function createPayment({
  db,
  gateway,
  paymentAccountId = null,
  ...raw
}: CreatePaymentInput): Promise<CreatedPayment> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) throw new AppError('BAD_INPUT', 'Invalid payment request', { details: parsed.error.issues });
  const { tenantId, amountMinor, currency, chargerId, evseId, phone, returnUrl, notes, description } = parsed.data;
  const email = parsed.data.email ?? undefined;

  const payment = await db.payment.create({
    data: { tenantId, provider: gateway.name, paymentAccountId, amountMinor, currency, chargerId, evseId, email },
  });
  try {
    const order = await gateway.createOrder({
      amountMinor,
      currency,
      receipt: payment.id,
      notes: { ...notes, ...(description ? { description } : {}), paymentId: payment.id },
      returnUrl,
      customer: email || phone ? { email, phone } : undefined,
    });
    await db.payment.update({ where: { id: payment.id }, data: { providerOrderId: order.providerOrderId } });
    return { paymentId: payment.id, providerOrderId: order.providerOrderId, checkout: order.checkout };
  } catch (e) {
    const err = gatewayError(e, 'Could not start the payment');
    await db.$transaction(async (tx) => {
      const failed = await tx.payment.update({
        where: { id: payment.id },
        data: { status: 'FAILED', failureReason: err.message.slice(0, 500) },
      });
      await emitPaymentEvents(tx, payment, failed, []);
    });
    throw err;
  }
}
