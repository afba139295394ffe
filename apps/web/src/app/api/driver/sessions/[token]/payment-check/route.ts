import { checkDriverPaymentNow } from '@magma/core/driver';
import { driverDeps, errorResponse, tenantOfRequest } from '@/server/driver.ts';

type Ctx = { params: Promise<{ token: string }> };

/**
 * The session page, back from a redirect checkout and still awaiting the payment, asks the
 * gateway's status API rather than wait for a webhook that may never come. At most once every few
 * seconds per session (429 otherwise); the answer says only whether it asked: the session itself
 * arrives over the page's events. The unguessable URL token is the driver's only credential.
 */
export async function POST(req: Request, { params }: Ctx) {
  const tenant = await tenantOfRequest(req);
  if (!tenant) return Response.json({ error: 'Unknown host' }, { status: 404 });
  try {
    const r = await checkDriverPaymentNow(driverDeps(), { tenantId: tenant.id, token: (await params).token });
    if (!r.checked && r.reason === 'too-soon') {
      return Response.json({ checked: false, reason: r.reason }, { status: 429, headers: { 'retry-after': '5' } });
    }
    return Response.json(r.checked ? { checked: true } : { checked: false, reason: r.reason });
  } catch (e) {
    return errorResponse(e);
  }
}
