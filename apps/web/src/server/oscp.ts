import 'server-only';
import { queueRebalance } from '@magma/core/load-balancing';
import { handleOscpRequest, OSCP_BODY_LIMIT } from '@magma/core/oscp';
import { env } from '@/env.ts';
import { getBus } from '@/server/bus.ts';
import { getDb } from '@/server/db.ts';
import { gatewayRegistry, tenantOfRequest } from '@/server/driver.ts';
import { readRawBody } from '@/server/driver-body.ts';

// OSCP's endpoints (#21): a grid operator's Capacity Provider POSTs its messages to
// /api/oscp/{version}/{endpoint} on the tenant's host with `Authorization: Token <token>`. The body
// is read up to 256 KB (413 beyond) before anything else; the core handler answers (204, or 400/401/404
// with a message), and what the message causes (our handshake, its acknowledgement, the site's
// rebalance) starts once the answer is written.

export async function oscpEndpoint(
  req: Request,
  version: '1.0' | '2.0',
  params: Promise<{ endpoint: string }>,
): Promise<Response> {
  const { endpoint } = await params;
  const body = await readRawBody(req, OSCP_BODY_LIMIT);
  if (!body.ok) return body.response;
  const tenant = await tenantOfRequest(req);
  const db = getDb();
  const answer = await handleOscpRequest(
    {
      db,
      settings: {
        keyring: gatewayRegistry().config.keyring,
        allowPrivateAddresses: env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
      },
      rebalance: async (tenantId, siteId) => {
        const bus = getBus();
        // Without a bus this process cannot reach the relays; the next rebalance of the site applies the forecast.
        if (bus) await queueRebalance({ db, bus }, tenantId, siteId);
      },
      onError: (error, at) => console.warn('OSCP follow-up failed', { ...at, error }),
    },
    {
      version,
      endpoint: endpoint.slice(0, 64),
      headers: req.headers,
      rawBody: body.bytes.toString('utf8'),
      hostTenantId: tenant?.id ?? null,
    },
  );
  if (answer.after) void answer.after();
  return answer.body
    ? Response.json(answer.body, { status: answer.status, headers: answer.headers })
    : new Response(null, { status: answer.status, headers: answer.headers });
}
