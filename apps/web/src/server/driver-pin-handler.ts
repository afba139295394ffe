import { errorResponse, readJsonBody } from './driver-body.ts';

/**
 * POST /api/driver/pin: the connector page's PIN option. `start` is startPinSession with the
 * server's parts (see the route); the handler owns the HTTP edge: host, body size, JSON, errors.
 */
export function createDriverPinHandler({
  tenantOf,
  start,
}: {
  tenantOf: (req: Request) => Promise<{ id: string } | null>;
  start: (args: { tenantId: string; req: Request; input: unknown }) => Promise<{ sessionToken: string }>;
}) {
  return async function POST(req: Request): Promise<Response> {
    const tenant = await tenantOf(req);
    if (!tenant) return Response.json({ error: 'Unknown host' }, { status: 404 });
    const body = await readJsonBody(req);
    if (!body.ok) return body.response;
    try {
      const r = await start({ tenantId: tenant.id, req, input: body.value });
      return Response.json({ sessionUrl: `/s/${r.sessionToken}` });
    } catch (e) {
      return errorResponse(e);
    }
  };
}
