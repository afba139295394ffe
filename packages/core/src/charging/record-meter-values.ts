import { meterReadings } from './meter-readings.ts';
import { writeMeterValues } from './write-meter-values.ts';
import type { ChargingDeps, MeterSampleInput } from './types.ts';

export type MeterValuesInput = {
  evseId: number;
  /** The 1.6 integer transactionId, when the charger names one. */
  transactionSeq?: number | null;
  samples: MeterSampleInput[];
};

/**
 * MeterValues (both versions): stores every sample, and moves the live readings of the
 * connector and of its running transaction (named, or the active one on that EVSE), in one
 * statement: the busiest message of a fleet costs one round trip.
 */
export async function recordMeterValues({
  db,
  charger,
  events,
  input,
}: ChargingDeps & { input: MeterValuesInput }): Promise<void> {
  const { tenantId, chargerId } = charger;
  const { evseId, samples } = input;
  const r = meterReadings(samples);
  const res = await writeMeterValues(db, {
    tenantId,
    chargerId,
    evseId,
    transactionSeq: input.transactionSeq ?? null,
    readings: r,
    samples,
  });
  if (!r.at) return;
  events?.({
    type: 'meter.update',
    tenantId,
    chargerId,
    evseId,
    transactionId: res.activeId,
    powerW: r.powerW,
    energyWh: res.energyWh ?? r.energyWh,
    soc: r.soc,
    at: r.at.toISOString(),
  });
}
