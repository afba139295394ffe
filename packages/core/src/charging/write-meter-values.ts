import { sqlQuery, type Db, type SqlText } from '@magma/db';
import { EVENT_VERSION, eventIdOf } from '../events/catalogue.ts';
import { ENERGY_INTERVAL, sampleRows, type MeterReadings } from './meter-readings.ts';
import { MAX_SESSION_WH } from './transaction-meter.ts';
import type { MeterSampleInput } from './types.ts';

// The busiest message of a fleet (1.6 MeterValues, 2.0.1 MeterValues and TransactionEvent
// Updated) stores its samples and moves the live readings of the running transaction and of the
// connector. Writes from many chargers share one prepared statement, one round trip and one
// commit: a write goes out at once when the database is not already busy with this client's meter
// writes, and otherwise joins the next batch, which leaves as soon as a batch in flight returns.
// At low load nothing waits for company; at high load the relay and PostgreSQL handle a few
// statements instead of hundreds (fewer wake-ups of both on a shared machine).

export type MeterWrite = {
  tenantId: string;
  chargerId: string;
  evseId: number;
  /** 1.6: the integer transactionId the charger named, if any. */
  transactionSeq: number | null;
  /** 2.0.1: the charger's transaction id; samples are kept only if that transaction exists. */
  ocppTransactionId?: string | null;
  seqNo?: number | null;
  offline?: boolean;
  readings: MeterReadings;
  samples: MeterSampleInput[];
};

export type MeterWriteResult = {
  /** The transaction the samples were filed under. */
  transactionId: string | null;
  /** The same transaction when it is still running (its live readings moved). */
  activeId: string | null;
  energyWh: number | null;
  evseId: number | null;
};

type Row = MeterWriteResult & { i: number };

/** Writes per statement at most. */
const MAX_BATCH = 200;

/**
 * session.updated is written with the meter write that moves a running session's figures, at most
 * once per this many seconds per session (wall clock, so an offline queue replayed in one burst
 * brings one event, not one per minute of backlog): a fleet of 10,000 charging sessions writes at
 * most 167 a second, whatever interval its chargers sample at. A figure moved means the energy
 * differs from the last event's, or the power or SoC reading differs from the one before it; a
 * session that stands still (a full car, a paused charge) writes none. No energy rule (say, one
 * per kWh) on top: a 350 kW charger would write one every 10 s, six times the bound.
 */
export const SESSION_UPDATE_INTERVAL_S = 60;

/** The session's energy after this write (the `upd` CTE's "energyWh"; its old values are x's). */
const SESSION_ENERGY = `CASE WHEN e.energy IS NULL AND e.iv > 0 THEN LEAST(x."energyWh" + round(e.iv), ${MAX_SESSION_WH})::int
                     WHEN e.energy IS NULL OR e.energy - COALESCE(x."meterStartWh", e.energy) > ${MAX_SESSION_WH}
                     THEN x."energyWh"
                   ELSE GREATEST(x."energyWh", e.energy - COALESCE(x."meterStartWh", e.energy)) END`;

/** Whether this write brings the session's next session.updated (see SESSION_UPDATE_INTERVAL_S). */
const UPDATE_EVENT_DUE = `(x."updateEventAt" IS NULL
      OR x."updateEventAt" <= (now() AT TIME ZONE 'UTC') - interval '${SESSION_UPDATE_INTERVAL_S} seconds')
    AND ((${SESSION_ENERGY}) <> COALESCE(x."updateEventWh", 0)
      OR (e.power IS NOT NULL AND e.power IS DISTINCT FROM x."livePowerW")
      OR (e.soc IS NOT NULL AND e.soc IS DISTINCT FROM x."liveSoc"))`;

/** A UTC timestamp as the catalogue's ISO date-time (milliseconds and Z, as Date#toISOString). */
const iso = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One statement for any number of writes (at most one per charger). The transaction of each write
 * is the one it names (2.0.1 id, or 1.6 integer id), else the one running on its EVSE; samples of
 * a 2.0.1 transaction we do not know are not filed (the transaction path creates it first), and a
 * sample its transaction already holds (same time, measurand, phase, location, context) is not
 * filed twice. Samples of no transaction (an idle connector's) are always kept. The
 * writes, each carrying its samples, travel as one JSON parameter: the text never changes (prepared
 * once per connection, planned once), and serialising is one native JSON.stringify.
 *
 * The plan must stay a handful of index lookups whatever the tables hold: PostgreSQL assumes 100
 * rows for a JSON set and, planning for that many, would hash the whole Connector table on every
 * batch. `i BETWEEN 1 AND MAX_BATCH` is always true (writes are numbered from 1),
 * but a range on a column without statistics is estimated at one row, which gives nested loops
 * over the indexes. Each sample set is expanded under its own write (no join to match them).
 * The plan is checked by write-meter-values.int.test.ts.
 */
export const BATCH_TEXT = `
  WITH e AS (
    -- Each write with what it resolved to: its transaction and the EVSE its samples belong to.
    SELECT w.*, x.id AS tx_id, x.status, x."startedAt" AS tx_started, x."updateEventAt" AS tx_event_at, COALESCE(NULLIF(w.evse_id, 0), x."evseId", 0) AS evse,
      -- A charger with no register reports the energy of each interval: the session adds those of
      -- its transaction not already kept (a message sent again brings the same intervals). One
      -- probe per interval (OFFSET 0 keeps it a probe, not an anti-join over the transaction's readings).
      CASE WHEN w.ivs IS NULL THEN NULL ELSE (
        SELECT sum(v.wh) FROM json_to_recordset(w.ivs) AS v(at timestamptz, wh float8)
        WHERE NOT EXISTS (SELECT 1 FROM "MeterSample" m WHERE m."transactionId" = x.id
          AND m."timestamp" = v.at AT TIME ZONE 'UTC' AND m.measurand = '${ENERGY_INTERVAL}' OFFSET 0)) END AS iv
    FROM json_to_recordset($1::json) AS w(i int, tenant_id uuid, charger_id uuid, evse_id int, tx_seq int,
      otx text, seq_no int, offline bool, energy float8, power int, soc int, at timestamptz, has_at bool,
      ivs json, samples json)
    LEFT JOIN LATERAL (
      (SELECT id, status, "evseId", "startedAt", "updateEventAt" FROM "Transaction"
        WHERE w.otx IS NOT NULL AND "chargerId" = w.charger_id AND "ocppTransactionId" = w.otx LIMIT 1)
      UNION ALL
      (SELECT id, status, "evseId", "startedAt", "updateEventAt" FROM "Transaction"
        WHERE w.otx IS NULL AND w.tx_seq IS NOT NULL AND seq = w.tx_seq AND "chargerId" = w.charger_id LIMIT 1)
      UNION ALL
      (SELECT id, status, "evseId", "startedAt", "updateEventAt" FROM "Transaction"
        WHERE w.otx IS NULL AND w.tx_seq IS NULL AND w.evse_id > 0
          AND "chargerId" = w.charger_id AND status = 'ACTIVE' AND "evseId" = w.evse_id
        ORDER BY "startedAt" DESC LIMIT 1)
    ) x ON true
    WHERE w.i BETWEEN 1 AND ${MAX_BATCH}
  ),
  ins AS (
    INSERT INTO "MeterSample" ("tenantId", "chargerId", "transactionId", "evseId", "timestamp", measurand, phase, location, context, unit, value)
    SELECT e.tenant_id, e.charger_id, e.tx_id, e.evse, s."timestamp" AT TIME ZONE 'UTC', s.measurand, s.phase,
      s.location, s.context, s.unit, s.value
    FROM e CROSS JOIN LATERAL json_to_recordset(e.samples) AS s("timestamp" timestamptz, measurand text,
      phase text, location text, context text, unit text, value float8)
    WHERE (e.otx IS NULL AND e.tx_id IS NULL) OR (e.tx_id IS NOT NULL AND NOT EXISTS (
      -- A message sent again (its answer was lost: a 1.6 MeterValues, a 2.0.1 event) brings
      -- readings already kept. One probe of the transaction's readings at that time per sample.
      SELECT 1 FROM "MeterSample" m
      WHERE m."transactionId" = e.tx_id AND m."timestamp" = s."timestamp" AT TIME ZONE 'UTC'
        AND m.measurand = s.measurand AND m.phase IS NOT DISTINCT FROM s.phase
        AND m.location IS NOT DISTINCT FROM s.location AND m.context IS NOT DISTINCT FROM s.context))
  ),
  upd AS (
    UPDATE "Transaction" x SET
      "meterStartWh" = COALESCE(x."meterStartWh", e.energy),
      -- A 2.0.1 event may come late (offline queue): its older, lower register is not the last one.
      "lastMeterWh" = CASE WHEN e.otx IS NULL THEN COALESCE(e.energy, x."lastMeterWh")
                      ELSE GREATEST(e.energy, x."lastMeterWh") END,
      "lastMeterAt" = CASE WHEN e.energy IS NULL AND e.iv > 0 THEN GREATEST(x."lastMeterAt", e.at AT TIME ZONE 'UTC')
                        WHEN e.energy IS NULL OR (e.otx IS NOT NULL AND e.energy < x."lastMeterWh") THEN x."lastMeterAt"
                      ELSE e.at AT TIME ZONE 'UTC' END,
      "energyWh" = ${SESSION_ENERGY},
      "updateEventAt" = CASE WHEN ${UPDATE_EVENT_DUE} THEN date_trunc('milliseconds', now() AT TIME ZONE 'UTC')
                        ELSE x."updateEventAt" END,
      "updateEventWh" = CASE WHEN ${UPDATE_EVENT_DUE} THEN ${SESSION_ENERGY} ELSE x."updateEventWh" END,
      "livePowerW" = COALESCE(e.power, x."livePowerW"),
      "liveSoc" = COALESCE(e.soc, x."liveSoc"),
      "lastSeqNo" = CASE WHEN e.seq_no IS NULL THEN x."lastSeqNo"
                    ELSE GREATEST(COALESCE(x."lastSeqNo", e.seq_no), e.seq_no) END,
      offline = x.offline OR e.offline,
      "updatedAt" = now() AT TIME ZONE 'UTC'
    FROM e
    WHERE x.id = e.tx_id AND e.status = 'ACTIVE'
    RETURNING e.i, x.id, x."energyWh", x."evseId", x."startedAt", x."livePowerW", x."liveSoc",
      x."updateEventAt" IS DISTINCT FROM e.tx_event_at AS emit
  ),
  -- The session's session.updated, when this write brings it (UPDATE_EVENT_DUE), in the write's own
  -- statement (the outbox: EventLog's trigger fans it out to the webhook endpoints), shaped as
  -- enqueueEventSql shapes every event: site and vendor from the charger, one row per message id.
  -- Unlike enqueueEventSql it does not look for the message first (a plan made while EventLog is
  -- empty would scan it): a repeat, only a reading sent again a minute later, costs a sequence id.
  updated_event AS (
    INSERT INTO "EventLog" ("tenantId", "messageId", type, "siteId", "chargerId", "vendorId", payload, "createdAt")
    SELECT e.tenant_id, m.id, 'session.updated', c."siteId", e.charger_id, c."vendorId",
      jsonb_build_object('type', 'session.updated', 'version', ${EVENT_VERSION},
        'timestamp', ${iso(`e.at AT TIME ZONE 'UTC'`)},
        'data', jsonb_build_object('sessionId', u.id, 'chargerId', e.charger_id, 'evseId', u."evseId",
          'startedAt', ${iso(`u."startedAt"`)}, 'energyWh', u."energyWh", 'powerW', u."livePowerW",
          'soc', u."liveSoc")),
      now() AT TIME ZONE 'UTC'
    FROM upd u JOIN e ON e.i = u.i JOIN "Charger" c ON c.id = e.charger_id
    CROSS JOIN LATERAL (SELECT '${eventIdOf('session.updated', '')}' || u.id || '_'
      || (extract(epoch FROM e.at) * 1000)::bigint AS id) m
    WHERE u.emit
    ON CONFLICT ("tenantId", "messageId") DO NOTHING
  ),
  conn AS (
    UPDATE "Connector" c SET
      "livePowerW" = COALESCE(e.power, c."livePowerW"),
      "liveSoc" = COALESCE(e.soc, c."liveSoc"),
      "liveEnergyWh" = COALESCE(u."energyWh", e.energy, c."liveEnergyWh"),
      "liveAt" = e.at AT TIME ZONE 'UTC'
    FROM e LEFT JOIN upd u ON u.i = e.i
    WHERE c."chargerId" = e.charger_id AND c."evseId" = e.evse AND e.evse > 0 AND e.has_at
      -- An idle connector's readings (1.6), or its newest running transaction's: an older session
      -- delivered late (offline queue), or one already ended, does not move the connector.
      AND ((e.otx IS NULL AND e.tx_id IS NULL) OR (u.id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM "Transaction" n WHERE n."chargerId" = e.charger_id AND n.status = 'ACTIVE'
          AND n."evseId" = e.evse AND n."startedAt" > e.tx_started)))
  )
  SELECT e.i, e.tx_id::text AS "transactionId", u.id::text AS "activeId", u."energyWh", e.evse AS "evseId"
  FROM e LEFT JOIN upd u ON u.i = e.i`;

/** The statement and its one parameter for a batch of writes (exported for the plan test). */
export function batchStatement(writes: readonly MeterWrite[]): SqlText {
  const rows = writes.map((w, k) => {
    const r = w.readings;
    return {
      i: k + 1,
      tenant_id: w.tenantId,
      charger_id: w.chargerId,
      evse_id: w.evseId,
      tx_seq: w.transactionSeq,
      otx: w.ocppTransactionId ?? null,
      seq_no: w.seqNo ?? null,
      offline: w.offline ?? false,
      energy: r.energyWh,
      power: r.powerW,
      soc: r.soc,
      at: r.at ?? new Date(),
      has_at: r.at !== null,
      ivs: r.intervals?.length ? r.intervals : null,
      samples: sampleRows(w.samples, {}),
    };
  });
  return { text: BATCH_TEXT, values: [JSON.stringify(rows)] };
}

async function runBatch(db: Db, writes: readonly MeterWrite[]): Promise<MeterWriteResult[]> {
  const rows = await sqlQuery<Row>(db, batchStatement(writes));
  const byIndex = new Map(rows.map((r) => [r.i, r]));
  return writes.map((_, k) => {
    const row = byIndex.get(k + 1);
    return {
      transactionId: row?.transactionId ?? null,
      activeId: row?.activeId ?? null,
      energyWh: row?.energyWh ?? null,
      evseId: row?.evseId ?? null,
    };
  });
}

type Pending = { write: MeterWrite; resolve: (r: MeterWriteResult) => void; reject: (e: unknown) => void };

export type MeterWriterOptions = {
  /**
   * Batches in flight at once; a write waits for company only when all of them are busy. Two
   * measured best on the 10,000-charger benchmark (one: larger batches but a longer wait behind a
   * slow one; four: more, smaller statements).
   */
  maxInFlight?: number;
  /** Called with the size of every batch sent (tests, metrics). */
  onBatch?: (size: number) => void;
};

const DEADLOCK = '40P01';

export class MeterWriter {
  private pending: Pending[] = [];
  private inFlight = 0;
  private readonly maxInFlight: number;

  constructor(
    private readonly db: Db,
    private readonly opts: MeterWriterOptions = {},
  ) {
    this.maxInFlight = opts.maxInFlight ?? 2;
  }

  write(write: MeterWrite): Promise<MeterWriteResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      if (this.inFlight < this.maxInFlight) this.send();
    });
  }

  private send(): void {
    const batch = this.take();
    if (batch.length === 0) return;
    this.opts.onBatch?.(batch.length);
    this.inFlight++;
    void this.settle(batch).finally(() => {
      this.inFlight--;
      this.send();
    });
  }

  /** The oldest pending writes, at most one per charger (a batch updates each row once). */
  private take(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const chargers = new Set<string>();
    for (const p of this.pending) {
      if (batch.length < MAX_BATCH && !chargers.has(p.write.chargerId)) {
        chargers.add(p.write.chargerId);
        batch.push(p);
      } else rest.push(p);
    }
    this.pending = rest;
    return batch;
  }

  private async settle(batch: Pending[]): Promise<void> {
    try {
      const results = await this.run(batch);
      batch.forEach((p, k) => p.resolve(results[k]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // One bad write must not fail the chargers it happened to share a statement with.
      await Promise.all(batch.map((p) => this.settle([p])));
    }
  }

  private async run(batch: Pending[]): Promise<MeterWriteResult[]> {
    const writes = batch.map((p) => p.write);
    try {
      return await runBatch(this.db, writes);
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK) throw error;
      return runBatch(this.db, writes);
    }
  }
}

const writers = new WeakMap<Db, MeterWriter>();

/** Stores one charger's meter write, sharing a statement with other chargers' concurrent writes. */
export function writeMeterValues(db: Db, write: MeterWrite): Promise<MeterWriteResult> {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new MeterWriter(db)));
  return writer.write(write);
}
