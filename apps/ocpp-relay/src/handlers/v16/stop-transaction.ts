import { recordChargerMessage, stopTransaction as stop } from '@magma/core/charging';
import type { Prisma } from '@magma/db';
import { hasSignedData16, idTagInfo16, ocppTime, samplesFrom16, type MeterValue16 } from '../convert.ts';
import { defineHandler } from '../types.ts';

type Params = {
  transactionId: number;
  idTag?: string;
  meterStop: number;
  timestamp: string;
  reason?: string;
  transactionData?: MeterValue16[];
};

export const stopTransaction = defineHandler<Params>(async ({ db, events, conn, log }, p) => {
  const r = await stop({
    db,
    events,
    charger: conn.charger,
    input: {
      transactionId: p.transactionId,
      idTag: p.idTag,
      meterStopWh: p.meterStop,
      timestamp: ocppTime(p.timestamp),
      // "This field MAY only be omitted when the Reason is Local" (1.6 StopTransaction.req).
      reason: p.reason ?? 'Local',
      transactionData: samplesFrom16(p.transactionData),
    },
  });
  // The signed start and end readings of a calibration-law meter, kept as sent (see meter-values.ts).
  if (hasSignedData16(p.transactionData))
    await recordChargerMessage({
      db,
      charger: conn.charger,
      action: 'StopTransaction',
      payload: p as Prisma.InputJsonObject,
    });
  if (r.orphan)
    log.warn('stop for an unknown transaction recorded as orphan', {
      identity: conn.identity,
      transactionId: p.transactionId,
    });
  return r.idTag ? { idTagInfo: idTagInfo16(r.idTag) } : {};
});
