import { recordMeterValues } from '@magma/core/charging';
import { samplesFrom16, type MeterValue16 } from '../convert.ts';
import { defineHandler } from '../types.ts';

type Params = { connectorId: number; transactionId?: number; meterValue: MeterValue16[] };

export const meterValues = defineHandler<Params>(async ({ db, events, conn }, p) => {
  await recordMeterValues({
    db,
    events,
    charger: conn.charger,
    input: { evseId: p.connectorId, transactionSeq: p.transactionId ?? null, samples: samplesFrom16(p.meterValue) },
  });
  return {};
});
