import { recordChargerMessage, type ChargerStatusField } from '@magma/core/charging';
import { recordLogStatus } from '@magma/core/diagnostics';
import { recordFirmwareStatus } from '@magma/core/firmware';
import type { Prisma } from '@magma/db';
import { defineHandler, type Handler, type HandlerContext } from './types.ts';

// Firmware and log-upload progress, both versions (1.6, its security extension and 2.0.1): kept
// verbatim in the charger's message log, the status on the charger row, and an event of the
// firmware or log request it belongs to (packages/core/src/firmware, ../diagnostics); all stored
// before the answer.

type FirmwareAction = Parameters<typeof recordFirmwareStatus>[0]['action'];
type LogAction = Parameters<typeof recordLogStatus>[0]['action'];

function statusMessage(
  action: string,
  update: (status: string) => ChargerStatusField | undefined,
  record: (ctx: HandlerContext, p: Record<string, unknown>) => Promise<void>,
): Handler {
  return defineHandler<Record<string, unknown>>(async (ctx, p) => {
    await recordChargerMessage({
      db: ctx.db,
      charger: ctx.conn.charger,
      action,
      payload: p as Prisma.InputJsonObject,
      update: update(String(p.status)),
    });
    await record(ctx, p);
    return {};
  });
}

export const firmwareStatus = (action: FirmwareAction): Handler =>
  statusMessage(
    action,
    // A local controller's publishing is not the station's own firmware.
    (status) => (action === 'PublishFirmwareStatusNotification' ? undefined : { firmwareStatus: status }),
    ({ db, conn }, payload) => recordFirmwareStatus({ db, charger: conn.charger, action, payload }),
  );

// The 2.0.1 log upload status lands where 1.6 kept its diagnostics upload status.
export const logStatus = (action: LogAction): Handler =>
  statusMessage(
    action,
    (status) => ({ diagnosticsStatus: status }),
    ({ db, conn }, payload) => recordLogStatus({ db, charger: conn.charger, action, payload }),
  );
