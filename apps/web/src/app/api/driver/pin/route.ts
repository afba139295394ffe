import { startPinSession, type PinSessionInput } from '@magma/core/driver';
import { clientKeyOf, driverDeps, originOf, tenantOfRequest } from '@/server/driver.ts';
import { rememberSessionCookie } from '@/server/driver-device.ts';
import { createDriverPinHandler } from '@/server/driver-pin-handler.ts';
import { pinLookupKey } from '@/server/pin-lookup-key.ts';

/** The connector page's PIN option: a tenant-issued PIN starts the charger without payment. */
const handler = createDriverPinHandler({
  tenantOf: tenantOfRequest,
  // startPinSession validates the input with its schema before anything else.
  start: ({ tenantId, req, input }) =>
    startPinSession(driverDeps(), {
      tenantId,
      clientKey: clientKeyOf(req),
      pinLookupKey: pinLookupKey(),
      input: input as PinSessionInput,
      baseUrl: originOf(req.headers),
    }),
});

/** As Pay does, a started PIN session is remembered on this device for the sticker page. */
export async function POST(req: Request): Promise<Response> {
  const res = await handler(req);
  if (!res.ok) return res;
  const { sessionUrl } = (await res.clone().json()) as { sessionUrl: string };
  const token = sessionUrl.split('/').pop() ?? '';
  res.headers.append('set-cookie', rememberSessionCookie(req, token, originOf(req.headers)));
  return res;
}
