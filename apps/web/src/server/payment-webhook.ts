import 'server-only';
import { after } from 'next/server';
import { handlePaymentWebhook, onDriverPaymentUpdated } from '@magma/core/driver';
import type { ProviderName } from '@magma/payments';
import { driverDeps, errorResponse, tenantOfRequest } from '@/server/driver.ts';
import { readRawBody } from '@/server/driver-body.ts';

const PROVIDERS: Record<string, ProviderName> = {
  razorpay: 'RAZORPAY',
  phonepe: 'PHONEPE',
  juspay: 'JUSPAY',
  test: 'TEST',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Gateway webhooks (Razorpay, PhonePe and Juspay callbacks, the test gateway): the signature is
 * checked over the raw body with the secret of the account the URL names (the platform's account
 * when it names none), so one tenant's secret never validates an event for another. Each event is
 * recorded once, and the charger is started after the gateway has its answer, so a slow charger
 * never makes the gateway retry.
 */
export async function paymentWebhook(req: Request, slug: string, accountId: string | null): Promise<Response> {
  const provider = PROVIDERS[slug];
  if (!provider || (accountId !== null && (provider === 'TEST' || !UUID.test(accountId)))) {
    return Response.json({ error: 'Unknown webhook' }, { status: 404 });
  }
  const tenant = await tenantOfRequest(req);
  if (!tenant) return Response.json({ error: 'Unknown host' }, { status: 404 });
  const body = await readRawBody(req);
  if (!body.ok) return body.response;
  try {
    const headers = Object.fromEntries(req.headers.entries());
    const deps = driverDeps();
    const outcome = await handlePaymentWebhook(deps, {
      tenantId: tenant.id,
      provider,
      rawBody: body.bytes,
      headers,
      accountId,
    });
    if (outcome.paymentIds.length) {
      after(async () => {
        for (const paymentId of outcome.paymentIds) {
          await onDriverPaymentUpdated(deps, { paymentId }).catch((e) => deps.onError?.(e, `payment ${paymentId}`));
        }
      });
    }
    return Response.json(outcome.body, { status: outcome.status });
  } catch (e) {
    return errorResponse(e);
  }
}
