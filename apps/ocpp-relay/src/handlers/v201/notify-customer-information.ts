import { recordChargerMessage } from '@magma/core/charging';
import { receiveCustomerInformation } from '@magma/core/customer-information';
import type { Prisma } from '@magma/db';
import { defineHandler } from '../types.ts';

// NotifyCustomerInformation (N09): kept verbatim in the message log, then the part is stored and
// put together with the others of its requestId (receive-customer-information.ts).
export const notifyCustomerInformation = defineHandler<Record<string, unknown>>(async ({ db, conn }, p) => {
  await recordChargerMessage({
    db,
    charger: conn.charger,
    action: 'NotifyCustomerInformation',
    payload: p as Prisma.InputJsonObject,
  });
  await receiveCustomerInformation({ db, charger: conn.charger, payload: p });
  return {};
});
