import 'server-only';
import { handleRazorpayXPayoutWebhook } from '@magma/core/payouts';
import { errorResponse, gatewayRegistry, tenantOfRequest } from '@/server/driver.ts';
import { readRawBody } from '@/server/driver-body.ts';
import { getDb } from '@/server/db.ts';

/** A payout event is a few kilobytes; nothing larger is read before the signature is checked. */
const PAYOUT_WEBHOOK_LIMIT = 64 * 1024;

/**
 * RazorpayX payout webhooks (payout.processed, .failed, .reversed, .updated…) at a tenant's host:
 * the body is read up to 64 KB (413 beyond), its HMAC-SHA256 under this tenant's own webhook secret
 * compared in constant time (401 when it does not match, nothing changes), then each payout moves
 * forward once. Repeated and late deliveries are answered 200 and change nothing.
 */
export async function payoutWebhook(req: Request): Promise<Response> {
  const tenant = await tenantOfRequest(req);
  if (!tenant) return Response.json({ error: 'Unknown host' }, { status: 404 });
  const body = await readRawBody(req, PAYOUT_WEBHOOK_LIMIT);
  if (!body.ok) return body.response;
  try {
    const outcome = await handleRazorpayXPayoutWebhook({
      db: getDb(),
      keyring: gatewayRegistry().config.keyring,
      tenantId: tenant.id,
      rawBody: body.bytes,
      headers: Object.fromEntries(req.headers.entries()),
    });
    return Response.json(outcome.body, { status: outcome.status });
  } catch (e) {
    return errorResponse(e);
  }
}
