import { routeWebhook } from '@/server/route-webhook.ts';

/** Razorpay Route transfer events of the platform's marketplace account, verified with its webhook secret. */
export async function POST(req: Request) {
  return routeWebhook(req);
}
