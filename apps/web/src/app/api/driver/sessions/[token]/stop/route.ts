import { stopDriverSession } from '@magma/core/driver';
import { driverDeps, errorResponse, tenantOfRequest } from '@/server/driver.ts';

type Ctx = { params: Promise<{ token: string }> };

/** The session page's Stop button; the unguessable URL token is the driver's only credential. */
export async function POST(req: Request, { params }: Ctx) {
  const tenant = await tenantOfRequest(req);
  if (!tenant) return Response.json({ error: 'Unknown host' }, { status: 404 });
  try {
    return Response.json(await stopDriverSession(driverDeps(), { tenantId: tenant.id, token: (await params).token }));
  } catch (e) {
    return errorResponse(e);
  }
}
