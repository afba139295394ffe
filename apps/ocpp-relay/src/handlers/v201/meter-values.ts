import { recordMeterValues } from '@magma/core/charging';
import { samplesFrom201, type MeterValue201 } from '../convert.ts';
import { defineHandler } from '../types.ts';

export const meterValues = defineHandler<{ evseId: number; meterValue: MeterValue201[] }>(
  async ({ db, events, conn }, p) => {
    await recordMeterValues({
      db,
      events,
      charger: conn.charger,
      input: { evseId: p.evseId, samples: samplesFrom201(p.meterValue) },
    });
    return {};
  },
);
