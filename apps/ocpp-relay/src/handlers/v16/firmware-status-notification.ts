import { recordChargerMessage } from '@magma/core/charging';
import { defineHandler } from '../types.ts';

export const firmwareStatusNotification = defineHandler<{ status: string }>(async ({ db, conn }, p) => {
  await recordChargerMessage({
    db,
    charger: conn.charger,
    action: 'FirmwareStatusNotification',
    payload: p,
    update: { firmwareStatus: p.status },
  });
  return {};
});
