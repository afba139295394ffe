import { payoutWebhook } from '@/server/payout-webhook.ts';

/** RazorpayX payout events for the tenant whose host this is, verified with that tenant's webhook secret. */
export async function POST(req: Request) {
  return payoutWebhook(req);
}
