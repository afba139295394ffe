import { Prisma, sqlQuery, type IdTokenStatus } from '@magma/db';
import { idTokenCheckOf, TOKEN_STATUS } from './check-id-token.ts';
import { closeSupersededTransactions } from './close-superseded-transactions.ts';
import { enqueueEvent, eventIdOf } from '../events/index.ts';
import { useReservation } from '../reservations/use-reservation.ts';
import { nowUtc, utc } from './sql.ts';
import type { ChargingDeps, IdTokenCheck } from './types.ts';

export type StartTransactionInput = {
  connectorId: number;
  idTag: string;
  meterStartWh: number;
  timestamp: Date;
  /** The time as the charger sent it, when the relay replaced an implausible one: a retry sends it again. */
  sentTimestamp?: string;
  reservationId?: number | null;
};

export type StartTransactionResult = { transactionId: number; idTag: IdTokenCheck; duplicate: boolean };

/** Same connector, tag, time and meter: the charger is retrying a start it already sent. */
export const startKeyOf = (i: StartTransactionInput) =>
  `${i.connectorId}|${i.idTag}|${i.sentTimestamp ?? i.timestamp.toISOString()}|${i.meterStartWh}`;

/**
 * OCPP 1.6 StartTransaction. Idempotent: a retry after a reconnect (the charger never saw our
 * answer) gets the same integer transactionId, which is the Transaction's seq. A session still
 * running on the connector whose stop never came is closed (close-superseded-transactions.ts).
 */
export async function startTransaction({
  db,
  charger,
  events,
  input,
}: ChargingDeps & { input: StartTransactionInput }): Promise<StartTransactionResult> {
  const { tenantId, chargerId } = charger;
  const startKey = startKeyOf(input);
  // One statement: reuse the row of a retried start, or number and insert a new one (its seq is
  // the integer transactionId 1.6 chargers get) and reset its connector's live figures, reading
  // the tag in the same round trip.
  const run = () =>
    sqlQuery<{
      seq: number | null;
      id: string | null;
      created: boolean;
      tokenId: string | null;
      tokenStatus: string | null;
      expiresAt: Date | null;
      parentToken: string | null;
    }>(
      db,
      Prisma.sql`
    WITH existing AS (
      SELECT id, seq FROM "Transaction" WHERE "chargerId" = ${chargerId}::uuid AND "startKey" = ${startKey}
    ),
    tok AS (
      SELECT id, ${TOKEN_STATUS} AS status, "expiresAt", "parentToken" FROM "IdToken" t
      WHERE "tenantId" = ${tenantId}::uuid AND "tokenKey" = upper(${input.idTag})
    ),
    ins AS (
      INSERT INTO "Transaction" (id, seq, "tenantId", "chargerId", "siteId", "vendorId", "evseId", "connectorId", "ocppTransactionId", "startKey",
                                 "idTokenId", "idTag", "startedAt", "meterStartWh", "lastMeterWh", "lastMeterAt", "updatedAt")
      SELECT gen_random_uuid(), n.seq, ${tenantId}::uuid, ${chargerId}::uuid, c."siteId", c."vendorId", ${input.connectorId}, 1, n.seq::text, ${startKey},
             (SELECT id FROM tok), ${input.idTag}, ${utc(input.timestamp)}, ${input.meterStartWh}, ${input.meterStartWh}, ${utc(input.timestamp)}, ${nowUtc}
      FROM "Charger" c, LATERAL (SELECT nextval(pg_get_serial_sequence('"Transaction"', 'seq'))::int AS seq) n
      WHERE c.id = ${chargerId}::uuid AND NOT EXISTS (SELECT 1 FROM existing)
      ON CONFLICT ("chargerId", "startKey") DO NOTHING
      RETURNING id, seq
    ),
    -- The connector's live figures become the new session's: an idle connector shows its meter's
    -- register (clock-aligned values), which is no session energy. An older session delivered late
    -- (offline queue) while a newer one runs there leaves them to the newer one.
    live AS (
      UPDATE "Connector" SET "liveEnergyWh" = 0, "livePowerW" = NULL, "liveSoc" = NULL, "liveAt" = ${utc(input.timestamp)}
      WHERE "chargerId" = ${chargerId}::uuid AND "evseId" = ${input.connectorId} AND EXISTS (SELECT 1 FROM ins)
        AND NOT EXISTS (SELECT 1 FROM "Transaction" n WHERE n."chargerId" = ${chargerId}::uuid AND n.status = 'ACTIVE'
                          AND n."evseId" = ${input.connectorId} AND n."startedAt" > ${utc(input.timestamp)})
    )
    SELECT COALESCE((SELECT seq FROM ins), (SELECT seq FROM existing)) AS seq,
           COALESCE((SELECT id FROM ins), (SELECT id FROM existing))::text AS id,
           EXISTS (SELECT 1 FROM ins) AS created,
           (SELECT id FROM tok)::text AS "tokenId", (SELECT status FROM tok) AS "tokenStatus",
           (SELECT "expiresAt" FROM tok) AS "expiresAt", (SELECT "parentToken" FROM tok) AS "parentToken"`,
    );

  let [row] = await run();
  // A concurrent identical start won the insert after our snapshot: read it again.
  if (row && row.seq === null) [row] = await run();
  if (!row || row.seq === null || !row.id) throw new Error(`StartTransaction for unknown charger ${chargerId}`);
  const idTag = idTokenCheckOf(
    row.tokenId
      ? {
          id: row.tokenId,
          status: row.tokenStatus as IdTokenStatus,
          expiresAt: row.expiresAt,
          parentToken: row.parentToken,
        }
      : null,
    input.timestamp,
  );
  // Also on a retried start: a crash between the insert and this close leaves nothing running.
  await closeSupersededTransactions({
    db,
    charger,
    events,
    evseId: input.connectorId,
    transactionId: row.id,
    startedAt: input.timestamp,
  });
  // Only a start that names a reservation pays for a second statement.
  if (input.reservationId != null)
    await useReservation({
      db,
      charger,
      reservationId: input.reservationId,
      transactionId: row.id,
      via: 'StartTransaction',
      at: input.timestamp,
    });
  // Webhooks' outbox. Not in the insert's statement, so on a retried start too: a crash between
  // the two leaves the charger without an answer, it sends the start again, and the message's id
  // (the session's) makes the outbox keep one.
  await enqueueEvent(db, {
    id: eventIdOf('session.started', row.id),
    type: 'session.started',
    tenantId,
    chargerId,
    occurredAt: input.timestamp,
    data: {
      sessionId: row.id,
      chargerId,
      evseId: input.connectorId,
      startedAt: input.timestamp.toISOString(),
      idTag: input.idTag,
      meterStartWh: input.meterStartWh,
    },
  });
  if (row.created) {
    events?.({
      type: 'transaction.started',
      tenantId,
      chargerId,
      transactionId: row.id,
      evseId: input.connectorId,
      energyWh: 0,
      at: input.timestamp.toISOString(),
    });
  }
  return { transactionId: row.seq, idTag, duplicate: !row.created };
}
