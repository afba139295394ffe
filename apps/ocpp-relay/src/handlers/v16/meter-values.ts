import { recordChargerMessage, recordMeterValues } from '@magma/core/charging';
import type { Prisma } from '@magma/db';
import { hasSignedData16, samplesFrom16, type MeterValue16 } from '../convert.ts';
import { defineHandler } from '../types.ts';

type Params = { connectorId: number; transactionId?: number; meterValue: MeterValue16[] };

export const meterValues = defineHandler<Params>(async ({ db, events, conn }, p) => {
  await recordMeterValues({
    db,
    events,
    charger: conn.charger,
    input: { evseId: p.connectorId, transactionSeq: p.transactionId ?? null, samples: samplesFrom16(p.meterValue) },
  });
  // Signed readings (calibration-law meters) are no numbers to sample; the message is kept as sent,
  // so the driver's signed proof of the session can be handed over.
  if (hasSignedData16(p.meterValue))
    await recordChargerMessage({
      db,
      charger: conn.charger,
      action: 'MeterValues',
      payload: p as Prisma.InputJsonObject,
    });
  return {};
});
