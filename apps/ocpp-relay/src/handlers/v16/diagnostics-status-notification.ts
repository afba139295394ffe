import { recordChargerMessage } from '@magma/core/charging';
import { defineHandler } from '../types.ts';

export const diagnosticsStatusNotification = defineHandler<{ status: string }>(async ({ db, conn }, p) => {
  await recordChargerMessage({
    db,
    charger: conn.charger,
    action: 'DiagnosticsStatusNotification',
    payload: p,
    update: { diagnosticsStatus: p.status },
  });
  return {};
});
