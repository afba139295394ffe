import { after } from 'next/server';
import { handlePaymentWebhook, onDriverPaymentUpdated } from '@magma/core/driver';
import { driverDeps, getTestGateway, tenantOfRequest } from '@/server/driver.ts';
import { readFormBody } from '@/server/driver-body.ts';

// The session page, or the signed link that opens it (what the checkout carries: never the token).
const SESSION_PATH = /^\/s\/(?:[A-Za-z0-9_-]{43}|open\/[0-9a-f-]{36}\.[0-9a-z]{1,10}\.[A-Za-z0-9_-]{43})$/;

/**
 * The test gateway page's Approve / Decline form. The button's signed token becomes the events a
 * real gateway would send, delivered through the same signed-webhook path as every provider.
 */
export async function POST(req: Request) {
  const tenant = await tenantOfRequest(req);
  if (!tenant) return new Response('Unknown host', { status: 404 });
  const body = await readFormBody(req);
  if (!body.ok) return body.response;
  const { form } = body;
  const orderId = String(form.get('orderId') ?? '');
  const token = String(form.get('token') ?? '');
  const back = String(form.get('return') ?? '');
  const decision = getTestGateway().decide({ orderId, token });
  if (!decision.ok) return new Response(`This payment link is not valid (${decision.reason}).`, { status: 400 });

  const deps = driverDeps();
  const outcome = await handlePaymentWebhook(deps, { tenantId: tenant.id, provider: 'TEST', ...decision.webhook });
  if (outcome.status !== 200) return new Response(outcome.body.error ?? 'Rejected', { status: outcome.status });
  after(async () => {
    for (const paymentId of outcome.paymentIds) {
      await onDriverPaymentUpdated(deps, { paymentId }).catch((e) => deps.onError?.(e, `payment ${paymentId}`));
    }
  });
  // Relative, so the browser stays on the tenant's host (Host may differ from the public origin behind a proxy).
  const location = SESSION_PATH.test(back) ? back : '/';
  return new Response(null, { status: 303, headers: { location } });
}
