import { startPinSession, type PinSessionInput } from '@magma/core/driver';
import { clientKeyOf, driverDeps, tenantOfRequest } from '@/server/driver.ts';
import { createDriverPinHandler } from '@/server/driver-pin-handler.ts';
import { pinLookupKey } from '@/server/pin-lookup-key.ts';

/** The connector page's PIN option: a tenant-issued PIN starts the charger without payment. */
export const POST = createDriverPinHandler({
  tenantOf: tenantOfRequest,
  // startPinSession validates the input with its schema before anything else.
  start: ({ tenantId, req, input }) =>
    startPinSession(driverDeps(), {
      tenantId,
      clientKey: clientKeyOf(req),
      pinLookupKey: pinLookupKey(),
      input: input as PinSessionInput,
    }),
});
