import { paymentWebhook } from '@/server/payment-webhook.ts';

type Ctx = { params: Promise<{ provider: string; accountId: string }> };

/** A tenant's own gateway account's webhook, verified with that account's secret only. */
export async function POST(req: Request, { params }: Ctx) {
  const { provider, accountId } = await params;
  return paymentWebhook(req, provider, accountId);
}
