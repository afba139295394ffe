import { Prisma, sqlQuery, type Db } from '@magma/db';
import type { MeterReadings } from './meter-readings.ts';
import { nowUtc } from './sql.ts';
import type { MeterSampleInput } from './types.ts';

// The busiest message of a fleet (1.6 MeterValues, 2.0.1 MeterValues and TransactionEvent
// Updated) is one prepared statement and one commit: the samples, the running transaction's live
// readings and the connector's. Scalar parameters and one of three fixed lookups (chosen here, not
// in SQL) keep it cheap to execute; PostgreSQL's own group commit shares the WAL flush between
// chargers writing at the same moment on the relay's pool.

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

function transactionLookup(w: MeterWrite): Prisma.Sql {
  if (w.ocppTransactionId != null)
    return Prisma.sql`SELECT id, status, "evseId" FROM "Transaction"
      WHERE "chargerId" = ${w.chargerId}::uuid AND "ocppTransactionId" = ${w.ocppTransactionId}`;
  if (w.transactionSeq != null)
    return Prisma.sql`SELECT id, status, "evseId" FROM "Transaction"
      WHERE seq = ${w.transactionSeq}::int AND "chargerId" = ${w.chargerId}::uuid`;
  // No transaction named: the one running on that EVSE, if any.
  return Prisma.sql`SELECT id, status, "evseId" FROM "Transaction"
    WHERE "chargerId" = ${w.chargerId}::uuid AND "evseId" = ${w.evseId}::int AND status = 'ACTIVE' AND ${w.evseId}::int > 0
    ORDER BY "startedAt" DESC LIMIT 1`;
}

export async function writeMeterValues(db: Db, w: MeterWrite): Promise<MeterWriteResult> {
  const { tenantId, chargerId, readings: r, samples } = w;
  const energy = r.energyWh;
  const at = (r.at ?? new Date()).toISOString();
  // 2.0.1 samples of a transaction we do not know are not filed (the transaction path creates it).
  const needsTransaction = w.ocppTransactionId != null;
  const [row] = await sqlQuery<MeterWriteResult>(
    db,
    Prisma.sql`
    WITH t AS (${transactionLookup(w)}),
    e AS (SELECT COALESCE(NULLIF(${w.evseId}::int, 0), (SELECT "evseId" FROM t), 0) AS evse_id),
    ins AS (
      INSERT INTO "MeterSample" ("tenantId", "chargerId", "transactionId", "evseId", "timestamp", measurand, phase, location, context, unit, value)
      SELECT ${tenantId}::uuid, ${chargerId}::uuid, (SELECT id FROM t), (SELECT evse_id FROM e), s.ts AT TIME ZONE 'UTC', s.m, s.ph, s.loc, s.ctx, s.u, s.v
      FROM unnest(
        ${samples.map((s) => s.timestamp.toISOString())}::timestamptz[], ${samples.map((s) => s.measurand)}::text[],
        ${samples.map((s) => s.phase ?? null)}::text[], ${samples.map((s) => s.location ?? null)}::text[],
        ${samples.map((s) => s.context ?? null)}::text[], ${samples.map((s) => s.unit ?? null)}::text[],
        ${samples.map((s) => s.value)}::float8[]
      ) AS s(ts, m, ph, loc, ctx, u, v)
      WHERE NOT ${needsTransaction}::bool OR EXISTS (SELECT 1 FROM t)
    ),
    upd AS (
      UPDATE "Transaction" x SET
        "meterStartWh" = COALESCE(x."meterStartWh", ${energy}::int),
        "lastMeterWh" = COALESCE(${energy}::int, x."lastMeterWh"),
        "lastMeterAt" = CASE WHEN ${energy}::int IS NULL THEN x."lastMeterAt" ELSE ${at}::timestamptz AT TIME ZONE 'UTC' END,
        "energyWh" = CASE WHEN ${energy}::int IS NULL THEN x."energyWh"
                     ELSE GREATEST(x."energyWh", ${energy}::int - COALESCE(x."meterStartWh", ${energy}::int)) END,
        "livePowerW" = COALESCE(${r.powerW}::int, x."livePowerW"),
        "liveSoc" = COALESCE(${r.soc}::int, x."liveSoc"),
        "lastSeqNo" = CASE WHEN ${w.seqNo ?? null}::int IS NULL THEN x."lastSeqNo"
                      ELSE GREATEST(COALESCE(x."lastSeqNo", ${w.seqNo ?? null}::int), ${w.seqNo ?? null}::int) END,
        offline = x.offline OR ${w.offline ?? false}::bool,
        "updatedAt" = ${nowUtc}
      FROM t WHERE x.id = t.id AND t.status = 'ACTIVE'
      RETURNING x.id, x."energyWh"
    ),
    conn AS (
      UPDATE "Connector" c SET
        "livePowerW" = COALESCE(${r.powerW}::int, c."livePowerW"),
        "liveSoc" = COALESCE(${r.soc}::int, c."liveSoc"),
        "liveEnergyWh" = COALESCE((SELECT "energyWh" FROM upd), ${energy}::int, c."liveEnergyWh"),
        "liveAt" = ${at}::timestamptz AT TIME ZONE 'UTC'
      FROM e
      WHERE c."chargerId" = ${chargerId}::uuid AND c."evseId" = e.evse_id AND e.evse_id > 0 AND ${r.at !== null}::bool
        AND (NOT ${needsTransaction}::bool OR EXISTS (SELECT 1 FROM upd))
    )
    SELECT (SELECT id FROM t)::text AS "transactionId", (SELECT id FROM upd)::text AS "activeId",
           (SELECT "energyWh" FROM upd) AS "energyWh", (SELECT evse_id FROM e) AS "evseId"`,
  );
  return {
    transactionId: row?.transactionId ?? null,
    activeId: row?.activeId ?? null,
    energyWh: row?.energyWh ?? null,
    evseId: row?.evseId ?? null,
  };
}
