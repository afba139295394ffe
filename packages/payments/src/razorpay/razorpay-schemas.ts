import { z } from 'zod';

// Shapes from https://razorpay.com/docs/api/ (orders, payments, refunds, webhooks). Only the fields
// we use are required; everything else passes through in `raw`.

const amount = z.coerce.number().int();

export const rzpOrder = z.object({
  id: z.string(),
  entity: z.literal('order'),
  amount,
  amount_paid: amount.optional(),
  currency: z.string(),
  receipt: z.string().nullish(),
  status: z.enum(['created', 'attempted', 'paid']),
});

export const rzpPayment = z.object({
  id: z.string(),
  entity: z.literal('payment'),
  amount,
  currency: z.string(),
  status: z.enum(['created', 'authorized', 'captured', 'refunded', 'failed']),
  order_id: z.string().nullish(),
  captured: z.boolean().optional(),
  amount_refunded: amount.optional(),
  error_code: z.string().nullish(),
  error_description: z.string().nullish(),
  /** What Razorpay keeps, in paise, GST included; `tax` is that GST. Null until captured. */
  fee: amount.nullish(),
  tax: amount.nullish(),
});

export const rzpPaymentCollection = z.object({
  entity: z.literal('collection'),
  count: z.number(),
  items: z.array(rzpPayment),
});

export const rzpRefund = z.object({
  id: z.string(),
  entity: z.literal('refund'),
  amount,
  currency: z.string(),
  payment_id: z.string(),
  receipt: z.string().nullish(),
  status: z.enum(['pending', 'processed', 'failed']),
});

/** What every Razorpay event has; the payload is read only for the events we use. */
export const rzpEnvelope = z.object({ entity: z.literal('event'), event: z.string() });

export const rzpWebhook = z.object({
  entity: z.literal('event'),
  event: z.string(),
  payload: z.object({
    payment: z.object({ entity: rzpPayment }).optional(),
    refund: z.object({ entity: rzpRefund }).optional(),
    order: z.object({ entity: rzpOrder }).optional(),
  }),
  created_at: z.number().optional(),
});
