import { Prisma, type Db } from '@magma/db';
import type { MeterReadings } from './meter-readings.ts';
import { nowUtc } from './sql.ts';
import type { MeterSampleInput } from './types.ts';

// Group commit for the busiest message of a fleet. MeterValues of many chargers that arrive in
// the same tick are written by ONE statement (one parse, one plan, one commit, one WAL flush)
// and each caller is answered only after that statement has committed, so durable-before-answer
// holds. A charger has at most one message in flight (the relay's per-connection queue), so a
// batch never holds two rows for the same transaction.

export type MeterWrite = {
  tenantId: string;
  chargerId: string;
  evseId: number;
  transactionSeq: number | null;
  /** 2.0.1: the charger's transaction id; samples are kept only if that transaction exists. */
  ocppTransactionId?: string | null;
  seqNo?: number | null;
  offline?: boolean;
  readings: MeterReadings;
  samples: MeterSampleInput[];
};

export type MeterWriteResult = {
  transactionId: string | null;
  activeId: string | null;
  energyWh: number | null;
  evseId: number | null;
};

export type MeterValuesWriter = { write(w: MeterWrite): Promise<MeterWriteResult>; close(): Promise<void> };

type Pending = { w: MeterWrite; resolve: (r: MeterWriteResult) => void; reject: (e: unknown) => void };

const MAX_BATCH = 200;

function statement(batch: MeterWrite[]) {
  const col = <T>(f: (w: MeterWrite, i: number) => T) => batch.map(f);
  const s = batch.flatMap((w, idx) => w.samples.map((sample) => ({ idx, sample })));
  return Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${col((_, i) => i)}::int[], ${col((w) => w.chargerId)}::uuid[], ${col((w) => w.tenantId)}::uuid[], ${col((w) => w.evseId)}::int[],
        ${col((w) => w.transactionSeq)}::int[], ${col((w) => w.readings.energyWh)}::int[], ${col((w) => w.readings.powerW)}::int[],
        ${col((w) => w.readings.soc)}::int[], ${col((w) => (w.readings.at ?? new Date()).toISOString())}::timestamptz[],
        ${col((w) => w.readings.at !== null)}::bool[], ${col((w) => w.ocppTransactionId ?? null)}::text[],
        ${col((w) => w.seqNo ?? null)}::int[], ${col((w) => w.offline ?? false)}::bool[]
      ) AS i(idx, charger_id, tenant_id, evse_id, seq, energy, power, soc, at, has_readings, ocpp_id, seq_no, offline)
    ),
    t AS (
      SELECT i.idx, COALESCE(named.id, byocpp.id, active.id) AS id, COALESCE(named.status, byocpp.status, active.status) AS status,
             COALESCE(NULLIF(i.evse_id, 0), named."evseId", byocpp."evseId", 0) AS evse_id
      FROM input i
      LEFT JOIN LATERAL (SELECT x.id, x.status, x."evseId" FROM "Transaction" x WHERE x.seq = i.seq AND x."chargerId" = i.charger_id) named ON i.seq IS NOT NULL
      LEFT JOIN LATERAL (
        SELECT x.id, x.status, x."evseId" FROM "Transaction" x WHERE x."chargerId" = i.charger_id AND x."ocppTransactionId" = i.ocpp_id
      ) byocpp ON i.ocpp_id IS NOT NULL
      LEFT JOIN LATERAL (
        SELECT x.id, x.status FROM "Transaction" x
        WHERE x."chargerId" = i.charger_id AND x."evseId" = i.evse_id AND x.status = 'ACTIVE'
        ORDER BY x."startedAt" DESC LIMIT 1
      ) active ON i.seq IS NULL AND i.ocpp_id IS NULL AND i.evse_id > 0
    ),
    ins AS (
      INSERT INTO "MeterSample" ("tenantId", "chargerId", "transactionId", "evseId", "timestamp", measurand, phase, location, context, unit, value)
      SELECT i.tenant_id, i.charger_id, t.id, t.evse_id, s.ts AT TIME ZONE 'UTC', s.m, s.ph, s.loc, s.ctx, s.u, s.v
      FROM unnest(
        ${s.map((x) => x.idx)}::int[], ${s.map((x) => x.sample.timestamp.toISOString())}::timestamptz[], ${s.map((x) => x.sample.measurand)}::text[],
        ${s.map((x) => x.sample.phase ?? null)}::text[], ${s.map((x) => x.sample.location ?? null)}::text[],
        ${s.map((x) => x.sample.context ?? null)}::text[], ${s.map((x) => x.sample.unit ?? null)}::text[], ${s.map((x) => x.sample.value)}::float8[]
      ) AS s(idx, ts, m, ph, loc, ctx, u, v)
      JOIN input i ON i.idx = s.idx JOIN t ON t.idx = s.idx
      WHERE i.ocpp_id IS NULL OR t.id IS NOT NULL
    ),
    upd AS (
      UPDATE "Transaction" x SET
        "meterStartWh" = COALESCE(x."meterStartWh", i.energy),
        "lastMeterWh" = COALESCE(i.energy, x."lastMeterWh"),
        "lastMeterAt" = CASE WHEN i.energy IS NULL THEN x."lastMeterAt" ELSE i.at AT TIME ZONE 'UTC' END,
        "energyWh" = CASE WHEN i.energy IS NULL THEN x."energyWh" ELSE GREATEST(x."energyWh", i.energy - COALESCE(x."meterStartWh", i.energy)) END,
        "livePowerW" = COALESCE(i.power, x."livePowerW"),
        "liveSoc" = COALESCE(i.soc, x."liveSoc"),
        "lastSeqNo" = CASE WHEN i.seq_no IS NULL THEN x."lastSeqNo" ELSE GREATEST(COALESCE(x."lastSeqNo", i.seq_no), i.seq_no) END,
        offline = x.offline OR i.offline,
        "updatedAt" = ${nowUtc}
      FROM input i JOIN t ON t.idx = i.idx
      WHERE x.id = t.id AND t.status = 'ACTIVE'
      RETURNING i.idx, x.id, x."energyWh"
    ),
    conn AS (
      UPDATE "Connector" c SET
        "livePowerW" = COALESCE(i.power, c."livePowerW"),
        "liveSoc" = COALESCE(i.soc, c."liveSoc"),
        "liveEnergyWh" = COALESCE(u."energyWh", i.energy, c."liveEnergyWh"),
        "liveAt" = i.at AT TIME ZONE 'UTC'
      FROM input i JOIN t ON t.idx = i.idx LEFT JOIN upd u ON u.idx = i.idx
      WHERE c."chargerId" = i.charger_id AND c."evseId" = t.evse_id AND t.evse_id > 0 AND i.has_readings AND (i.ocpp_id IS NULL OR u.id IS NOT NULL)
    )
    SELECT i.idx, t.id::text AS "transactionId", u.id::text AS "activeId", u."energyWh", t.evse_id AS "evseId"
    FROM input i LEFT JOIN t ON t.idx = i.idx LEFT JOIN upd u ON u.idx = i.idx`;
}

export function createMeterValuesWriter(db: Db): MeterValuesWriter {
  const queue: Pending[] = [];
  let scheduled = false;
  const running = new Set<Promise<void>>();

  const run = async (batch: Pending[]) => {
    try {
      const rows = await db.$queryRaw<(MeterWriteResult & { idx: number })[]>(statement(batch.map((p) => p.w)));
      const byIdx = new Map(rows.map((r) => [r.idx, r]));
      for (const [i, p] of batch.entries()) {
        const r = byIdx.get(i);
        p.resolve({
          transactionId: r?.transactionId ?? null,
          activeId: r?.activeId ?? null,
          energyWh: r?.energyWh ?? null,
          evseId: r?.evseId ?? null,
        });
      }
    } catch (e) {
      // One bad write must not fail its neighbours: retry them one by one.
      if (batch.length === 1) {
        batch[0]!.reject(e);
        return;
      }
      for (const p of batch) await run([p]);
    }
  };

  const flush = () => {
    scheduled = false;
    while (queue.length) {
      const batch = queue.splice(0, MAX_BATCH);
      const done = run(batch);
      running.add(done);
      void done.finally(() => running.delete(done));
    }
  };

  return {
    write(w) {
      return new Promise((resolve, reject) => {
        queue.push({ w, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    async close() {
      if (scheduled) flush();
      await Promise.allSettled([...running]);
    },
  };
}
