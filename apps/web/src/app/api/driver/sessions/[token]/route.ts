import { getDriverSession } from '@magma/core/driver';
import { driverDeps, errorResponse, tenantOfRequest } from '@/server/driver.ts';

type Ctx = { params: Promise<{ token: string }> };

export async function GET(req: Request, { params }: Ctx) {
  const tenant = await tenantOfRequest(req);
  if (!tenant) return Response.json({ error: 'Unknown host' }, { status: 404 });
  try {
    const view = await getDriverSession(driverDeps(), { tenantId: tenant.id, token: (await params).token });
    return Response.json(view, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    return errorResponse(e);
  }
}
