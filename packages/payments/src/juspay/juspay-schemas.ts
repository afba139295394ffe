import { z } from 'zod';

// Juspay Express Checkout / HyperCheckout shapes (https://docs.juspay.in/hyper-checkout/). Juspay
// sends amounts as rupees (number or string); conversion to paise happens in the adapter.

const rupees = z.union([z.number(), z.string()]);

export const jpSession = z.object({
  status: z.string(),
  id: z.string(),
  order_id: z.string(),
  payment_links: z.object({ web: z.string().url() }).passthrough(),
  sdk_payload: z.unknown().optional(),
});

export const jpRefund = z.object({
  id: z.string().nullish(),
  unique_request_id: z.string(),
  amount: rupees,
  status: z.enum(['PENDING', 'SUCCESS', 'FAILURE', 'MANUAL_REVIEW']),
  error_message: z.string().nullish(),
});

export const jpOrder = z.object({
  id: z.string().optional(),
  order_id: z.string(),
  status: z.string(),
  amount: rupees,
  currency: z.string().optional(),
  txn_id: z.string().nullish(),
  txn_uuid: z.string().nullish(),
  refunded: z.boolean().optional(),
  amount_refunded: rupees.optional(),
  refunds: z.array(jpRefund).optional(),
  bank_error_message: z.string().nullish(),
});

/** What every Juspay webhook has; `content` differs per event (order, mandate, …). */
export const jpEnvelope = z.object({ id: z.string(), event_name: z.string() });

export const jpWebhook = z.object({
  id: z.string(),
  event_name: z.string(),
  date_created: z.string().optional(),
  content: z.object({ order: jpOrder }),
});
