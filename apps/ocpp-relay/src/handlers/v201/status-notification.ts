import { OCCUPIED_REFINED, recordStatus } from '@magma/core/charging';
import { connectorStatus, ocppTime } from '../convert.ts';
import { defineHandler } from '../types.ts';

type Params = { timestamp: string; connectorStatus: string; evseId: number; connectorId: number };

export const statusNotification = defineHandler<Params>(async ({ db, events, conn }, p) => {
  await recordStatus({
    db,
    events,
    charger: conn.charger,
    input: {
      evseId: p.evseId,
      connectorId: p.connectorId,
      status: connectorStatus(p.connectorStatus),
      timestamp: ocppTime(p.timestamp),
      // Occupied is all a 2.0.1 station says here; whether it charges its TransactionEvents said.
      keep: p.connectorStatus === 'Occupied' ? OCCUPIED_REFINED : undefined,
    },
  });
  return {};
});
