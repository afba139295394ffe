import { Prisma } from '@magma/db';
import { meterReadings } from './meter-readings.ts';
import type { MeterValuesWriter } from './meter-values-writer.ts';
import { nowUtc, utc } from './sql.ts';
import type { ChargingDeps, MeterSampleInput } from './types.ts';

export type MeterValuesInput = {
  evseId: number;
  /** The 1.6 integer transactionId, when the charger names one. */
  transactionSeq?: number | null;
  samples: MeterSampleInput[];
};

/**
 * MeterValues (both versions): stores every sample, and moves the live readings of the
 * connector and of its running transaction (named, or the active one on that EVSE). One
 * statement: the busiest message of a fleet costs one round trip.
 */
export async function recordMeterValues({
  db,
  charger,
  events,
  input,
  writer,
}: ChargingDeps & { input: MeterValuesInput; writer?: MeterValuesWriter }): Promise<void> {
  const { tenantId, chargerId } = charger;
  const { evseId, samples } = input;
  const r = meterReadings(samples);
  const seq = input.transactionSeq ?? null;
  if (writer) {
    const res = await writer.write({ tenantId, chargerId, evseId, transactionSeq: seq, readings: r, samples });
    if (r.at) {
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
    return;
  }
  const at = r.at ?? new Date();
  const hasReadings = r.at !== null && evseId > 0;
  // Spelled out per case so the planner can use the seq index.
  const named =
    seq !== null ? Prisma.sql`seq = ${seq}` : Prisma.sql`"evseId" = ${evseId} AND status = 'ACTIVE' AND ${evseId > 0}`;

  const [row] = await db.$queryRaw<
    { transactionId: string | null; activeId: string | null; energyWh: number | null }[]
  >`
    WITH t AS (
      SELECT id, status FROM "Transaction"
      WHERE "chargerId" = ${chargerId}::uuid AND ${named}
      ORDER BY "startedAt" DESC LIMIT 1
    ),
    ins AS (
      INSERT INTO "MeterSample" ("tenantId", "chargerId", "transactionId", "evseId", "timestamp", measurand, phase, location, context, unit, value)
      SELECT ${tenantId}::uuid, ${chargerId}::uuid, (SELECT id FROM t), ${evseId}, s.ts AT TIME ZONE 'UTC', s.m, s.ph, s.loc, s.ctx, s.u, s.v
      FROM unnest(
        ${samples.map((s) => s.timestamp.toISOString())}::timestamptz[], ${samples.map((s) => s.measurand)}::text[],
        ${samples.map((s) => s.phase ?? null)}::text[], ${samples.map((s) => s.location ?? null)}::text[],
        ${samples.map((s) => s.context ?? null)}::text[], ${samples.map((s) => s.unit ?? null)}::text[],
        ${samples.map((s) => s.value)}::float8[]
      ) AS s(ts, m, ph, loc, ctx, u, v)
    ),
    upd AS (
      UPDATE "Transaction" x SET
        "meterStartWh" = COALESCE(x."meterStartWh", ${r.energyWh}::int),
        "lastMeterWh" = COALESCE(${r.energyWh}::int, x."lastMeterWh"),
        "lastMeterAt" = CASE WHEN ${r.energyWh}::int IS NULL THEN x."lastMeterAt" ELSE ${utc(at)} END,
        "energyWh" = CASE WHEN ${r.energyWh}::int IS NULL THEN x."energyWh"
                     ELSE GREATEST(x."energyWh", ${r.energyWh}::int - COALESCE(x."meterStartWh", ${r.energyWh}::int)) END,
        "livePowerW" = COALESCE(${r.powerW}::int, x."livePowerW"),
        "liveSoc" = COALESCE(${r.soc}::int, x."liveSoc"),
        "updatedAt" = ${nowUtc}
      FROM t WHERE x.id = t.id AND t.status = 'ACTIVE'
      RETURNING x.id, x."energyWh"
    ),
    conn AS (
      UPDATE "Connector" c SET
        "livePowerW" = COALESCE(${r.powerW}::int, c."livePowerW"),
        "liveSoc" = COALESCE(${r.soc}::int, c."liveSoc"),
        "liveEnergyWh" = COALESCE((SELECT "energyWh" FROM upd), ${r.energyWh}::int, c."liveEnergyWh"),
        "liveAt" = ${utc(at)}
      WHERE c."chargerId" = ${chargerId}::uuid AND c."evseId" = ${evseId} AND ${hasReadings}
    )
    SELECT (SELECT id FROM t)::text AS "transactionId", (SELECT id FROM upd)::text AS "activeId", (SELECT "energyWh" FROM upd) AS "energyWh"`;

  if (!r.at) return;
  events?.({
    type: 'meter.update',
    tenantId,
    chargerId,
    evseId,
    transactionId: row?.activeId ?? null,
    powerW: r.powerW,
    energyWh: row?.energyWh ?? r.energyWh,
    soc: r.soc,
    at: r.at.toISOString(),
  });
}
