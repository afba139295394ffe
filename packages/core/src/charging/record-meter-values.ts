import { meterReadings, sampleRows } from './meter-readings.ts';
import { meterUpdate } from './transaction-meter.ts';
import type { ChargingDeps, MeterSampleInput } from './types.ts';

export type MeterValuesInput = {
  evseId: number;
  /** The 1.6 integer transactionId, when the charger names one. */
  transactionSeq?: number | null;
  samples: MeterSampleInput[];
};

/**
 * MeterValues (both versions): stores every sample, and moves the live readings of the
 * connector and of its running transaction (named, or the active one on that EVSE).
 */
export async function recordMeterValues({ db, charger, events, input }: ChargingDeps & { input: MeterValuesInput }): Promise<void> {
  const { tenantId, chargerId } = charger;
  const { evseId, samples } = input;
  const transaction =
    input.transactionSeq != null
      ? await db.transaction.findFirst({ where: { chargerId, seq: input.transactionSeq } })
      : evseId > 0
        ? await db.transaction.findFirst({ where: { chargerId, evseId, status: 'ACTIVE' }, orderBy: { startedAt: 'desc' } })
        : null;
  const readings = meterReadings(samples);
  const active = transaction?.status === 'ACTIVE' ? transaction : null;
  const meter = active ? meterUpdate(active, readings) : {};
  const liveEnergyWh = active ? (meter.energyWh ?? active.energyWh) : readings.energyWh;

  await db.$transaction([
    db.meterSample.createMany({ data: sampleRows(samples, { tenantId, chargerId, transactionId: transaction?.id ?? null, evseId }) }),
    ...(active ? [db.transaction.update({ where: { id: active.id }, data: meter })] : []),
    ...(evseId > 0 && readings.at
      ? [
          db.connector.updateMany({
            where: { chargerId, evseId },
            data: {
              livePowerW: readings.powerW ?? undefined,
              liveSoc: readings.soc ?? undefined,
              liveEnergyWh: liveEnergyWh ?? undefined,
              liveAt: readings.at,
            },
          }),
        ]
      : []),
  ]);

  if (!readings.at) return;
  events?.({
    type: 'meter.update',
    tenantId,
    chargerId,
    evseId,
    transactionId: active?.id ?? null,
    powerW: readings.powerW,
    energyWh: liveEnergyWh,
    soc: readings.soc,
    at: readings.at.toISOString(),
  });
}
