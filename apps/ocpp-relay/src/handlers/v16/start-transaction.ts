import { startTransaction as start } from '@magma/core/charging';
import { idTagInfo16, ocppTime } from '../convert.ts';
import { defineHandler } from '../types.ts';

type Params = { connectorId: number; idTag: string; meterStart: number; timestamp: string; reservationId?: number };

export const startTransaction = defineHandler<Params>(async ({ db, events, conn, replacedTimes }, p) => {
  const r = await start({
    db,
    events,
    charger: conn.charger,
    input: {
      connectorId: p.connectorId,
      idTag: p.idTag,
      meterStartWh: p.meterStart,
      timestamp: ocppTime(p.timestamp),
      sentTimestamp: replacedTimes?.find((r) => r.path === 'timestamp')?.sent,
      reservationId: p.reservationId,
    },
  });
  return { transactionId: r.transactionId, idTagInfo: idTagInfo16(r.idTag) };
});
