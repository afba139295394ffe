import { startPinSession } from '@magma/core/driver';
import { clientKeyOf, driverDeps, errorResponse, pinLookupKey, tenantOfRequest } from '@/server/driver.ts';

/** The connector page's PIN option: a tenant-issued PIN starts the charger without payment. */
export async function POST(req: Request) {
  const tenant = await tenantOfRequest(req);
  if (!tenant) return Response.json({ error: 'Unknown host' }, { status: 404 });
  try {
    const input = await req.json();
    const r = await startPinSession(driverDeps(), {
      tenantId: tenant.id,
      clientKey: clientKeyOf(req),
      pinLookupKey: pinLookupKey(),
      input,
    });
    return Response.json({ sessionUrl: `/s/${r.sessionToken}` });
  } catch (e) {
    return errorResponse(e);
  }
}
