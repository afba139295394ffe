import type { Prisma } from '@magma/db';
import type { ChargingDeps } from './types.ts';

/** The side effect on the charger row, if any, of messages that otherwise only get logged. */
export type ChargerStatusField = { firmwareStatus?: string; diagnosticsStatus?: string };

/**
 * Messages without a domain table of their own (DataTransfer, NotifyEvent, NotifyReport,
 * SecurityEventNotification, firmware/diagnostics/log status) are kept verbatim.
 */
export async function recordChargerMessage({
  db,
  charger,
  action,
  payload,
  update,
}: ChargingDeps & { action: string; payload: Prisma.InputJsonValue; update?: ChargerStatusField }): Promise<void> {
  const insert = db.chargerMessage.create({ data: { ...charger, action, payload } });
  if (!update) {
    await insert;
    return;
  }
  await db.$transaction([insert, db.charger.update({ where: { id: charger.chargerId }, data: update })]);
}
