import { recordChargerMessage } from '@magma/core/charging';
import { recordDeviceEvents } from '@magma/core/device-model';
import type { Prisma } from '@magma/db';
import { defineHandler } from '../types.ts';

// NotifyEvent (N07/N08): kept in the message log, each event stored with the monitor that fired
// it; alerts open (and cleared events end) a fault the operator sees.
export const notifyEvent = defineHandler<Record<string, unknown>>(async ({ db, conn, events }, p) => {
  await recordChargerMessage({
    db,
    charger: conn.charger,
    action: 'NotifyEvent',
    payload: p as Prisma.InputJsonObject,
  });
  await recordDeviceEvents({ db, charger: conn.charger, payload: p, events });
  return {};
});
