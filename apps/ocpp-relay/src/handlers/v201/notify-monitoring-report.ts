import { recordChargerMessage } from '@magma/core/charging';
import { receiveReportPart } from '@magma/core/device-model';
import type { Prisma } from '@magma/db';
import { defineHandler } from '../types.ts';

// NotifyMonitoringReport (N02): kept in the message log and put together by requestId like
// NotifyReport; the complete report replaces (or, when it was asked with criteria, updates) the
// stored monitors.
export const notifyMonitoringReport = defineHandler<Record<string, unknown>>(async ({ db, conn }, p) => {
  await recordChargerMessage({
    db,
    charger: conn.charger,
    action: 'NotifyMonitoringReport',
    payload: p as Prisma.InputJsonObject,
  });
  await receiveReportPart({ db, charger: conn.charger, kind: 'MONITORING', payload: p });
  return {};
});
