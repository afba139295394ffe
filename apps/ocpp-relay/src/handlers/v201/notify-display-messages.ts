import { recordChargerMessage } from '@magma/core/charging';
import { receiveDisplayMessages } from '@magma/core/display-messages';
import type { Prisma } from '@magma/db';
import { defineHandler } from '../types.ts';

// NotifyDisplayMessages (O04): kept verbatim in the message log, then its messages are stored as
// the charger's and the part counted into the report of its requestId (receive-display-messages.ts).
export const notifyDisplayMessages = defineHandler<Record<string, unknown>>(async ({ db, conn }, p) => {
  await recordChargerMessage({
    db,
    charger: conn.charger,
    action: 'NotifyDisplayMessages',
    payload: p as Prisma.InputJsonObject,
  });
  await receiveDisplayMessages({ db, charger: conn.charger, payload: p });
  return {};
});
