import { after } from 'next/server';
import { handlePaymentWebhook, onDriverPaymentUpdated } from '@magma/core/driver';
import type { ProviderName } from '@magma/payments';
import { driverDeps, errorResponse, tenantOfRequest } from '@/server/driver.ts';
import { readRawBody } from '@/server/driver-body.ts';

type Ctx = { params: Promise<{ provider: string }> };

const PROVIDERS: Record<string, ProviderName> = {
  razorpay: 'RAZORPAY',
  phonepe: 'PHONEPE',
  juspay: 'JUSPAY',
  test: 'TEST',
};

/**
 * Gateway webhooks (Razorpay, PhonePe and Juspay callbacks, the test gateway): the signature is
 * checked over the raw body, each event is recorded once, and the charger is started after the
 * gateway has its answer, so a slow charger never makes the gateway retry.
 */
export async function POST(req: Request, { params }: Ctx) {
  const provider = PROVIDERS[(await params).provider];
  if (!provider) return Response.json({ error: 'Unknown provider' }, { status: 404 });
  const tenant = await tenantOfRequest(req);
  if (!tenant) return Response.json({ error: 'Unknown host' }, { status: 404 });
  const body = await readRawBody(req);
  if (!body.ok) return body.response;
  try {
    const rawBody = body.bytes;
    const headers = Object.fromEntries(req.headers.entries());
    const deps = driverDeps();
    const outcome = await handlePaymentWebhook(deps, { tenantId: tenant.id, provider, rawBody, headers });
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
