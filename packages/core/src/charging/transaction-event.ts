import { Prisma, type Db } from '@magma/db';
import type { LiveEvent } from '../bus/live-events.ts';
import { connectorStatusOf } from './charging-state.ts';
import { checkIdToken } from './check-id-token.ts';
import { meterReadings, sampleRows, type EnergyAt } from './meter-readings.ts';
import { newerTransactionRuns } from './newer-transaction-runs.ts';
import { priceEndedTransaction, UNPRICED } from './price-ended-transaction.ts';
import { eventMeterUpdate, startReadings } from './transaction-event-meter.ts';
import { writeMeterValues } from './write-meter-values.ts';
import type { ChargingDeps, IdTokenCheck, MeterSampleInput } from './types.ts';
import { closeSupersededTransactions } from './close-superseded-transactions.ts';
import { useReservation } from '../reservations/use-reservation.ts';
import {
  flagTransactionConflict,
  remoteStartToken,
  REPEATED_STARTED,
  sameToken,
  TOKEN_CONFLICT,
} from './transaction-attribution.ts';

export type TransactionEventInput = {
  eventType: 'Started' | 'Updated' | 'Ended';
  timestamp: Date;
  triggerReason: string;
  seqNo: number;
  offline: boolean;
  transactionId: string;
  /** Passed when it changed (the caller knows): a change takes the full path, to move the connector. */
  chargingState?: string | null;
  stoppedReason?: string | null;
  remoteStartId?: number | null;
  /** The reservation the station used for this transaction (sent with the event in which it used it). */
  reservationId?: number | null;
  idToken?: string | null;
  evseId?: number | null;
  connectorId?: number | null;
  samples: MeterSampleInput[];
};

export type TransactionEventResult = {
  idToken: IdTokenCheck | null;
  orphan: boolean;
  transactionRowId: string;
  /** Ended and priced: what the session costs, tax included, in minor units of `currency`. */
  total: { minor: number; currency: string } | null;
  /** The event named a reservation this charger does not hold (kept in its message log). */
  unknownReservation?: boolean;
};

/**
 * OCPP 2.0.1 TransactionEvent. Events may arrive twice, late and out of order (offline queue):
 * the highest seqNo wins for lastSeqNo, the meter fields only move forward, a sample already kept
 * is not kept again, an Ended transaction is never reopened, and an Updated or Ended for a
 * transaction we never saw start creates the row (orphanStop when it is the end).
 */
export async function recordTransactionEvent(
  deps: ChargingDeps & { input: TransactionEventInput },
): Promise<TransactionEventResult> {
  const r = await recordEvent(deps);
  const { reservationId, timestamp } = deps.input;
  if (reservationId == null) return r;
  // Like a 1.6 start naming one (startTransaction): the reservation is used by this transaction.
  const { known } = await useReservation({
    db: deps.db,
    charger: deps.charger,
    reservationId,
    transactionId: r.transactionRowId,
    via: 'TransactionEvent',
    at: timestamp,
  });
  return known ? r : { ...r, unknownReservation: true };
}

async function recordEvent({
  db,
  charger,
  events,
  input,
}: ChargingDeps & { input: TransactionEventInput }): Promise<TransactionEventResult> {
  const { tenantId, chargerId } = charger;
  // The periodic Updated of a running transaction is 2.0.1's MeterValues: one statement. Anything
  // else (start, end, unknown or ended transaction, a token or remoteStartId to attach) takes the
  // full path below.
  if (input.eventType === 'Updated' && !input.idToken && input.remoteStartId == null && !input.chargingState) {
    const readings = meterReadings(input.samples);
    const res = await writeMeterValues(db, {
      tenantId,
      chargerId,
      evseId: input.evseId ?? 0,
      transactionSeq: null,
      ocppTransactionId: input.transactionId,
      seqNo: input.seqNo,
      offline: input.offline,
      readings,
      samples: input.samples,
    });
    if (res.activeId) {
      const evseId = res.evseId ?? 0;
      const at = input.timestamp.toISOString();
      const energyWh = res.energyWh ?? 0;
      if (readings.at)
        events?.({
          type: 'meter.update',
          tenantId,
          chargerId,
          evseId,
          transactionId: res.activeId,
          powerW: readings.powerW,
          energyWh,
          soc: readings.soc,
          at,
        });
      events?.({ type: 'transaction.updated', tenantId, chargerId, transactionId: res.activeId, evseId, energyWh, at });
      return { idToken: null, orphan: false, transactionRowId: res.activeId, total: null };
    }
    if (res.transactionId) return { idToken: null, orphan: false, transactionRowId: res.transactionId, total: null };
  }
  const key = { chargerId_ocppTransactionId: { chargerId, ocppTransactionId: input.transactionId } };
  const ownerOf = () =>
    db.charger.findUniqueOrThrow({ where: { id: chargerId }, select: { siteId: true, vendorId: true } });
  // The reads are independent: one round trip of waiting instead of three. A start usually
  // creates its row, so the charger's owner is read alongside.
  const [idToken, found, ownerAtStart, remoteToken] = await Promise.all([
    input.idToken ? checkIdToken({ db, tenantId, token: input.idToken, now: input.timestamp }) : null,
    db.transaction.findUnique({ where: key }),
    input.eventType === 'Started' ? ownerOf() : null,
    input.remoteStartId != null ? remoteStartToken({ db, chargerId, remoteStartId: input.remoteStartId }) : null,
  ]);
  // Our remote start's token comes first (transaction-attribution.ts).
  const remoteCheck =
    remoteToken && !(input.idToken && sameToken(input.idToken, remoteToken))
      ? await checkIdToken({ db, tenantId, token: remoteToken, now: input.timestamp })
      : null;
  const attributed = remoteToken
    ? { token: remoteToken, idTokenId: (remoteCheck ?? idToken)?.idTokenId ?? null }
    : input.idToken
      ? { token: input.idToken, idTokenId: idToken?.idTokenId ?? null }
      : null;
  let row = found;
  const readings = meterReadings(input.samples);
  const starts = startReadings(input.samples, input.eventType === 'Started');
  const ended = input.eventType === 'Ended';
  const emitted: LiveEvent[] = [];
  let orphan = false;
  let created = false;

  if (!row) {
    const owner = ownerAtStart ?? (await ownerOf());
    orphan = ended;
    try {
      row = await db.transaction.create({
        data: {
          tenantId,
          chargerId,
          siteId: owner.siteId,
          vendorId: owner.vendorId,
          evseId: input.evseId ?? 0,
          connectorId: input.connectorId ?? 1,
          ocppTransactionId: input.transactionId,
          idTag: attributed?.token ?? null,
          idTokenId: attributed?.idTokenId ?? null,
          startedAt: earliest(input.timestamp, starts.begin?.at),
          remoteStartId: input.remoteStartId ?? null,
          offline: input.offline,
          orphanStop: orphan,
          lastSeqNo: input.seqNo,
          startedSeqNo: input.eventType === 'Started' ? input.seqNo : null,
        },
      });
      created = true;
      // A station that lost a session (rebooted, queue dropped) starts a new one on the same EVSE:
      // the stuck one there is closed, priced and announced (see closeSupersededTransactions).
      if (!orphan && row.evseId > 0)
        await closeSupersededTransactions({
          db,
          charger,
          events,
          evseId: row.evseId,
          transactionId: row.id,
          startedAt: row.startedAt,
        });
    } catch (e) {
      if (!(e instanceof Prisma.PrismaClientKnownRequestError) || e.code !== 'P2002') throw e;
      row = await db.transaction.findUniqueOrThrow({ where: key });
    }
    emitted.push({
      type: 'transaction.started',
      tenantId,
      chargerId,
      transactionId: row.id,
      evseId: row.evseId,
      energyWh: 0,
      at: input.timestamp.toISOString(),
    });
  }

  const wasCompleted = row.status === 'COMPLETED';
  // A transaction the CSMS closed when a newer one started on its EVSE still takes its own Ended,
  // once: the station's figures replace the estimate it was closed with, and it is priced again.
  const late = ended && wasCompleted && row.supersededById !== null && row.meterStopWh === null;
  const open = !wasCompleted || late;
  // A repeated event (its answer was lost) brings samples that are already kept.
  const samples = created ? input.samples : await samplesNotKept(db, row.id, input.samples);
  const intervalWh = readings.intervals ? sumWh(meterReadings(samples).intervals) : 0;
  const meter = open ? eventMeterUpdate(row, readings, starts, intervalWh) : {};
  const data: Prisma.TransactionUpdateInput = {
    ...meter,
    lastSeqNo: Math.max(row.lastSeqNo ?? input.seqNo, input.seqNo),
    offline: row.offline || input.offline,
  };
  // A Started that comes late, or a start reading older than the one guessed, dates the start.
  const startedAt = earliest(
    row.startedAt,
    input.eventType === 'Started' ? input.timestamp : undefined,
    meter.meterStartWh !== undefined ? starts.begin?.at : undefined,
  );
  if (startedAt < row.startedAt) data.startedAt = startedAt;
  const conflicts: { kept: string; received: string }[] = [];
  if (attributed && (!row.idTag || (remoteToken && !sameToken(row.idTag, remoteToken)))) {
    if (row.idTag) conflicts.push({ kept: attributed.token, received: row.idTag });
    data.idTag = attributed.token;
    data.idToken = attributed.idTokenId ? { connect: { id: attributed.idTokenId } } : { disconnect: true };
  }
  const keptTag = (data.idTag as string | undefined) ?? row.idTag;
  if (
    input.idToken &&
    keptTag &&
    !sameToken(input.idToken, keptTag) &&
    !conflicts.some((c) => sameToken(c.received, input.idToken!))
  )
    conflicts.push({ kept: keptTag, received: input.idToken });
  // A Started sent again (its answer was lost) has the first one's seqNo; another one is not the same event.
  const started = input.eventType === 'Started' && !created;
  if (started && row.startedSeqNo === null) data.startedSeqNo = input.seqNo;
  const repeatedStart = started && row.startedSeqNo !== null && row.startedSeqNo !== input.seqNo;
  if (row.evseId === 0 && input.evseId) data.evseId = input.evseId;
  if (input.remoteStartId != null && row.remoteStartId == null) data.remoteStartId = input.remoteStartId;
  // A station that starts at plug-in (TxStartPoint EVConnected) runs the transaction unauthorised
  // until a card, an app or our remote start authorises it (E02, F01/F02): that moment, by the
  // station's clock, is where the driver's bill starts (see billedSpan in the tariffs module).
  const authorized =
    input.eventType === 'Updated' &&
    !created &&
    !wasCompleted &&
    !row.idTag &&
    row.remoteStartId == null &&
    (data.idTag !== undefined || data.remoteStartId !== undefined);
  if (authorized && !row.authorizedAt) data.authorizedAt = input.timestamp;
  if (late) Object.assign(data, UNPRICED);
  if (ended && open) {
    data.status = 'COMPLETED';
    data.stoppedAt = input.timestamp;
    data.stopReason = input.stoppedReason ?? 'Local';
    data.meterStopWh = meter.lastMeterWh ?? row.lastMeterWh;
    data.livePowerW = null;
  }
  const evseId = input.evseId ?? row.evseId;
  // The connector follows the newest transaction on it (see newerTransactionRuns).
  const movesConnector =
    evseId > 0 && !wasCompleted && !(await newerTransactionRuns(db, { chargerId, evseId, startedAt }));
  const statusChange = movesConnector ? connectorStatusOf({ chargingState: input.chargingState, ended }) : null;

  // A start that just created its row with nothing measured yet has nothing more to write.
  const nothingMore = created && !ended && input.samples.length === 0 && !statusChange;
  let statusChanged = false;
  if (!nothingMore) {
    const results = await db.$transaction([
      db.transaction.update({ where: { id: row.id }, data }),
      ...(samples.length > 0
        ? [
            db.meterSample.createMany({
              data: sampleRows(samples, { tenantId, chargerId, transactionId: row.id, evseId }),
            }),
          ]
        : []),
      ...(movesConnector
        ? [
            db.connector.updateMany({
              where: { chargerId, evseId },
              data: ended
                ? { livePowerW: null, liveSoc: null, liveEnergyWh: null }
                : {
                    livePowerW: readings.powerW ?? undefined,
                    liveSoc: readings.soc ?? undefined,
                    liveEnergyWh: meter.energyWh ?? undefined,
                    liveAt: readings.at ?? undefined,
                  },
            }),
          ]
        : []),
      ...(statusChange
        ? [
            db.connector.updateMany({
              where: { chargerId, evseId, connectorId: row.connectorId, status: { in: [...statusChange.from] } },
              data: { status: statusChange.status },
            }),
          ]
        : []),
    ]);
    statusChanged = statusChange !== null && (results.at(-1) as { count: number }).count > 0;
  }

  const energyWh = meter.energyWh ?? row.energyWh;
  const at = input.timestamp.toISOString();
  if (statusChanged)
    emitted.push({
      type: 'connector.status',
      tenantId,
      chargerId,
      evseId,
      connectorId: row.connectorId,
      status: statusChange!.status,
      errorCode: null,
      at,
    });
  if (!wasCompleted && readings.at) {
    emitted.push({
      type: 'meter.update',
      tenantId,
      chargerId,
      evseId,
      transactionId: row.id,
      powerW: readings.powerW,
      energyWh,
      soc: readings.soc,
      at,
    });
  }
  if (authorized)
    emitted.push({ type: 'transaction.authorized', tenantId, chargerId, transactionId: row.id, evseId, energyWh, at });
  if (open && input.eventType !== 'Started') {
    emitted.push({
      type: ended ? 'transaction.ended' : 'transaction.updated',
      tenantId,
      chargerId,
      transactionId: row.id,
      evseId,
      energyWh,
      at,
    });
  }
  for (const e of emitted) events?.(e);
  const details = {
    transactionId: input.transactionId,
    eventType: input.eventType,
    seqNo: input.seqNo,
    remoteStartId: input.remoteStartId ?? null,
  };
  for (const c of conflicts)
    await flagTransactionConflict({
      db,
      charger,
      events,
      code: TOKEN_CONFLICT,
      description: `Transaction ${input.transactionId}: kept ${c.kept}, the station also sent ${c.received}`,
      evseId: evseId || null,
      details: { ...details, kept: c.kept, received: c.received },
    });
  if (repeatedStart)
    await flagTransactionConflict({
      db,
      charger,
      events,
      code: REPEATED_STARTED,
      description: `Transaction ${input.transactionId} was reported Started again`,
      evseId: evseId || null,
      details: { ...details, idToken: input.idToken ?? null },
    });
  let total: TransactionEventResult['total'] = null;
  if (ended && open) {
    const price = await priceEndedTransaction({ db, tenantId, transactionId: row.id });
    if (price) total = { minor: price.totalMinor, currency: price.currency };
  } else if (ended && row.pricedAt) {
    total = { minor: (row.costMinor ?? 0) + (row.taxMinor ?? 0), currency: row.currency };
  }
  return { idToken, orphan, transactionRowId: row.id, total };
}

const sumWh = (intervals: EnergyAt[] | undefined) => (intervals ?? []).reduce((n, i) => n + i.wh, 0);

/** The earliest of the dates given (the first always is one). */
function earliest(first: Date, ...rest: (Date | undefined)[]): Date {
  let out = first;
  for (const d of rest) if (d && d < out) out = d;
  return out;
}

const sampleKey = (s: Pick<MeterSampleInput, 'timestamp' | 'measurand' | 'phase' | 'location' | 'context'>) =>
  [s.timestamp.getTime(), s.measurand, s.phase ?? '', s.location ?? '', s.context ?? ''].join('|');

/**
 * The samples of an event not already kept for the transaction. A reading is one measurand of one
 * phase and location, in one context, at one time: the same again is the same reading sent twice.
 */
async function samplesNotKept(db: Db, transactionId: string, samples: MeterSampleInput[]): Promise<MeterSampleInput[]> {
  if (samples.length === 0) return samples;
  const times = [...new Set(samples.map((s) => s.timestamp.getTime()))].map((t) => new Date(t));
  const kept = await db.meterSample.findMany({
    where: { transactionId, timestamp: { in: times } },
    select: { timestamp: true, measurand: true, phase: true, location: true, context: true },
  });
  if (kept.length === 0) return samples;
  const seen = new Set(kept.map(sampleKey));
  return samples.filter((s) => !seen.has(sampleKey(s)));
}
