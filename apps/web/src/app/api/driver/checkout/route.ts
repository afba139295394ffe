import { startPaidSession } from '@magma/core/driver';
import { driverDeps, errorResponse, originOf, tenantOfRequest } from '@/server/driver.ts';

/** The connector page's Pay button: creates (or, pressed again, returns) the session and its checkout. */
export async function POST(req: Request) {
  const tenant = await tenantOfRequest(req);
  if (!tenant) return Response.json({ error: 'Unknown host' }, { status: 404 });
  try {
    const input = await req.json();
    const r = await startPaidSession(driverDeps(), { tenantId: tenant.id, baseUrl: originOf(req.headers), input });
    return Response.json({
      sessionUrl: `/s/${r.sessionToken}`,
      checkout: r.checkout,
      amountMinor: r.amountMinor,
      reused: r.reused,
    });
  } catch (e) {
    return errorResponse(e);
  }
}
