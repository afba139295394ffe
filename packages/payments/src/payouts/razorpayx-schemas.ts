import { z } from 'zod';

// Shapes from https://razorpay.com/docs/api/x/ (contacts, fund accounts, payouts, webhooks). Only
// the fields we use are required; the whole answer travels on in `raw`.

const amount = z.number().int();

export const PAYOUT_STATUSES = [
  'queued',
  'pending',
  'processing',
  'processed',
  'reversed',
  'cancelled',
  'failed',
  'rejected',
] as const;

export const rzpxContact = z.object({ id: z.string().min(1), entity: z.literal('contact') });

export const rzpxFundAccount = z.object({
  id: z.string().min(1),
  entity: z.literal('fund_account'),
  contact_id: z.string(),
  account_type: z.string(),
});

export const rzpxPayout = z.object({
  id: z.string().min(1),
  entity: z.literal('payout'),
  fund_account_id: z.string().nullish(),
  amount,
  currency: z.string(),
  fees: amount.nullish(),
  tax: amount.nullish(),
  status: z.enum(PAYOUT_STATUSES),
  utr: z.string().nullish(),
  mode: z.string().nullish(),
  reference_id: z.string().nullish(),
  status_details: z
    .object({ description: z.string().nullish(), source: z.string().nullish(), reason: z.string().nullish() })
    .nullish(),
  failure_reason: z.string().nullish(),
});

export type RzpxPayout = z.infer<typeof rzpxPayout>;

export const rzpxWebhook = z.object({
  entity: z.literal('event'),
  event: z.string(),
  payload: z.object({ payout: z.object({ entity: rzpxPayout }).optional() }).passthrough(),
});
