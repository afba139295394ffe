import 'server-only';
import { handleRouteWebhook, platformRouteClient } from '@magma/core/payouts';
import { env } from '@/env.ts';
import { errorResponse } from '@/server/driver.ts';
import { readRawBody } from '@/server/driver-body.ts';
import { getDb } from '@/server/db.ts';

/** A transfer event is a few kilobytes; nothing larger is read before the signature is checked. */
const ROUTE_WEBHOOK_LIMIT = 64 * 1024;

const route = platformRouteClient({
  keyId: env.RAZORPAY_KEY_ID,
  keySecret: env.RAZORPAY_KEY_SECRET,
  webhookSecret: env.RAZORPAY_WEBHOOK_SECRET,
});

/**
 * Razorpay Route transfer events (transfer.processed / failed / reversed) of the platform's
 * marketplace account: the body is read up to 64 KB (413 beyond), its HMAC-SHA256 under the
 * platform's webhook secret compared in constant time (401 when it does not match, nothing
 * changes), then each transfer's payout moves forward once in whichever tenant it belongs to.
 */
export async function routeWebhook(req: Request): Promise<Response> {
  const body = await readRawBody(req, ROUTE_WEBHOOK_LIMIT);
  if (!body.ok) return body.response;
  try {
    const outcome = await handleRouteWebhook({
      db: getDb(),
      route,
      rawBody: body.bytes,
      headers: Object.fromEntries(req.headers.entries()),
    });
    return Response.json(outcome.body, { status: outcome.status });
  } catch (e) {
    return errorResponse(e);
  }
}
