import { recordChargerMessage } from '@magma/core/charging';
import { receiveReportPart } from '@magma/core/device-model';
import type { Prisma } from '@magma/db';
import { defineHandler } from '../types.ts';

// NotifyReport (B07/B08): kept verbatim in the message log (the charger's per-message limits are
// read from it) and put into the report of its requestId; the part that completes the report
// applies it to the stored inventory.
export const notifyReport = defineHandler<Record<string, unknown>>(async ({ db, conn }, p) => {
  await recordChargerMessage({
    db,
    charger: conn.charger,
    action: 'NotifyReport',
    payload: p as Prisma.InputJsonObject,
  });
  await receiveReportPart({ db, charger: conn.charger, kind: 'INVENTORY', payload: p });
  return {};
});
