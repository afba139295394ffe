import { enqueueEventQuery, eventIdOf } from '../events/index.ts';
import { checkIdToken } from './check-id-token.ts';
import { meterReadings, sampleRows } from './meter-readings.ts';
import { newerTransactionRuns } from './newer-transaction-runs.ts';
import { priceEndedTransaction, UNPRICED } from './price-ended-transaction.ts';
import { registerDeltaWh } from './transaction-meter.ts';
import type { ChargingDeps, IdTokenCheck, MeterSampleInput } from './types.ts';

export type StopTransactionInput = {
  transactionId: number;
  idTag?: string | null;
  meterStopWh: number;
  timestamp: Date;
  reason?: string | null;
  transactionData?: MeterSampleInput[];
};

export type StopTransactionResult = { idTag: IdTokenCheck | null; orphan: boolean; transactionRowId: string };

/**
 * OCPP 1.6 StopTransaction. A stop for a transaction we never saw start (lost start, another
 * CSMS) is kept as an orphan-stop row rather than dropped; a repeated stop changes nothing. The
 * first stop of a session the CSMS closed itself (superseded by a newer start on its connector)
 * completes it with the charger's figures, and it is priced again.
 */
export async function stopTransaction({
  db,
  charger,
  events,
  input,
}: ChargingDeps & { input: StopTransactionInput }): Promise<StopTransactionResult> {
  const { tenantId, chargerId } = charger;
  const idTag = input.idTag ? await checkIdToken({ db, tenantId, token: input.idTag, now: input.timestamp }) : null;
  const samples = input.transactionData ?? [];
  const found = await db.transaction.findFirst({ where: { chargerId, seq: input.transactionId } });

  if (!found) {
    const ocppTransactionId = `orphan:${input.transactionId}`;
    const first = samples.reduce<Date>((min, s) => (s.timestamp < min ? s.timestamp : min), input.timestamp);
    const startReading = meterReadings(samples.filter((s) => s.timestamp.getTime() === first.getTime())).energyWh;
    const prior = await db.transaction.findUnique({
      where: { chargerId_ocppTransactionId: { chargerId, ocppTransactionId } },
      select: { id: true },
    });
    if (prior) return { idTag, orphan: true, transactionRowId: prior.id };
    const row = await db.transaction.create({
      data: {
        tenantId,
        chargerId,
        evseId: 0,
        ocppTransactionId,
        idTag: input.idTag ?? null,
        idTokenId: idTag?.idTokenId ?? null,
        status: 'COMPLETED',
        orphanStop: true,
        startedAt: first,
        stoppedAt: input.timestamp,
        meterStartWh: startReading,
        meterStopWh: input.meterStopWh,
        lastMeterWh: input.meterStopWh,
        energyWh: startReading === null ? 0 : (registerDeltaWh(startReading, input.meterStopWh) ?? 0),
        stopReason: input.reason ?? null,
        meterSamples: { createMany: { data: sampleRows(samples, { tenantId, chargerId, evseId: 0 }) } },
      },
      select: { id: true },
    });
    return { idTag, orphan: true, transactionRowId: row.id };
  }

  // A transaction closed when a newer one started on its connector still takes its own stop, once:
  // the charger's figures replace the estimate it was closed with.
  const late = found.status === 'COMPLETED' && found.supersededById !== null && found.meterStopWh === null;
  if (found.status === 'COMPLETED' && !late) return { idTag, orphan: found.orphanStop, transactionRowId: found.id };

  const meterStart = found.meterStartWh ?? input.meterStopWh;
  // A stop reading below the start is a meter fault (firmware that cannot read its meter sends
  // 0): the session keeps the energy its meter values gave it. So does a session whose meter
  // values gave more than its start and stop readings (a charger that reports the energy of each
  // interval, and 0 as both). The reading is stored as sent.
  const delta = input.meterStopWh >= meterStart ? registerDeltaWh(meterStart, input.meterStopWh) : null;
  const energyWh = delta === null ? found.energyWh : Math.max(delta, found.energyWh);
  // The connector of a late stop runs the session that superseded this one, and so does the
  // connector of an older session delivered late (offline queue) while a newer one runs there.
  const keepConnector =
    late || (await newerTransactionRuns(db, { chargerId, evseId: found.evseId, startedAt: found.startedAt }));
  await db.$transaction([
    db.meterSample.createMany({
      data: sampleRows(samples, { tenantId, chargerId, transactionId: found.id, evseId: found.evseId }),
    }),
    db.transaction.update({
      where: { id: found.id },
      data: {
        status: 'COMPLETED',
        stoppedAt: input.timestamp,
        meterStopWh: input.meterStopWh,
        lastMeterWh: input.meterStopWh,
        lastMeterAt: input.timestamp,
        energyWh,
        stopReason: input.reason ?? null,
        livePowerW: null,
        // Priced again on the charger's figures.
        ...(late ? UNPRICED : {}),
      },
    }),
    ...(keepConnector
      ? []
      : [
          db.connector.updateMany({
            where: { chargerId, evseId: found.evseId },
            data: { livePowerW: null, liveSoc: null, liveEnergyWh: null },
          }),
        ]),
    // Webhooks' outbox, in the same transaction as the stop. A late stop is a second message (its
    // figures replace the estimate the session was closed with).
    enqueueEventQuery(db, {
      id: eventIdOf('session.stopped', late ? `${found.id}_late` : found.id),
      type: 'session.stopped',
      tenantId,
      siteId: found.siteId,
      chargerId,
      occurredAt: input.timestamp,
      data: {
        sessionId: found.id,
        chargerId,
        evseId: found.evseId,
        startedAt: found.startedAt.toISOString(),
        stoppedAt: input.timestamp.toISOString(),
        energyWh,
        reason: input.reason ?? null,
      },
    }),
  ]);
  events?.({
    type: 'transaction.ended',
    tenantId,
    chargerId,
    transactionId: found.id,
    evseId: found.evseId,
    energyWh,
    at: input.timestamp.toISOString(),
  });
  await priceEndedTransaction({ db, tenantId, transactionId: found.id });
  return { idTag, orphan: false, transactionRowId: found.id };
}
