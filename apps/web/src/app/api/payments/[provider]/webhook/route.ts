import { paymentWebhook } from '@/server/payment-webhook.ts';

type Ctx = { params: Promise<{ provider: string }> };

/** The platform account's (and the test gateway's) webhook; a tenant's own accounts have /webhook/{accountId}. */
export async function POST(req: Request, { params }: Ctx) {
  return paymentWebhook(req, (await params).provider, null);
}
