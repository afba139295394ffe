import { randomUUID } from 'node:crypto';
import { Prisma, sqlQuery, type ConnectorStatus } from '@magma/db';
import { enqueueEventSql, eventIdOf } from '../events/index.ts';
import type { LiveEvent } from '../bus/live-events.ts';
import { ensureConnector } from './ensure-connector.ts';
import { nowUtc, utc } from './sql.ts';
import type { ChargingDeps } from './types.ts';

export type StatusInput = {
  /** 0 means the charging station as a whole. */
  evseId: number;
  connectorId: number;
  status: ConnectorStatus;
  errorCode?: string | null;
  info?: string | null;
  vendorErrorCode?: string | null;
  timestamp: Date;
  /** Statuses of the connector that this one does not replace, being only a coarser word for them. */
  keep?: readonly ConnectorStatus[];
};

type Outcome = {
  updated: number;
  /** The connector's status now: the one reported, or the finer one it kept. */
  status: ConnectorStatus | null;
  openedId: string | null;
  closedId: string | null;
  closedCode: string | null;
};

/**
 * StatusNotification (both versions), in one atomic statement: the status event, the connector
 * (or station) status, and the connector's CONNECTOR_ERROR fault — Faulted opens one (once), any
 * other status closes the open one. A connector the CSMS never heard of is created first.
 */
export async function recordStatus({
  db,
  charger,
  events,
  input,
}: ChargingDeps & { input: StatusInput }): Promise<void> {
  const { tenantId, chargerId } = charger;
  const { evseId, connectorId, status, timestamp } = input;
  const errorCode = input.errorCode && input.errorCode !== 'NoError' ? input.errorCode : null;
  const info = input.info ?? null;
  const vendorErrorCode = input.vendorErrorCode ?? null;
  const faulted = status === 'FAULTED';
  const code = errorCode ?? 'Faulted';
  const newStatus = input.keep?.length
    ? Prisma.sql`CASE WHEN status::text IN (${Prisma.join(input.keep)}) THEN status ELSE ${status}::"ConnectorStatus" END`
    : Prisma.sql`${status}::"ConnectorStatus"`;

  const target =
    evseId === 0
      ? Prisma.sql`UPDATE "Charger" SET status = ${status}::"ConnectorStatus", "lastSeenAt" = ${nowUtc}, "updatedAt" = ${nowUtc} WHERE id = ${chargerId}::uuid RETURNING id, status`
      : Prisma.sql`UPDATE "Connector" SET status = ${newStatus}, "errorCode" = ${errorCode}, "vendorErrorCode" = ${vendorErrorCode},
          "statusInfo" = ${info}, "statusAt" = ${utc(timestamp)}
          ${status === 'AVAILABLE' ? Prisma.sql`, "livePowerW" = NULL, "liveSoc" = NULL, "liveEnergyWh" = NULL` : Prisma.empty}
        WHERE "chargerId" = ${chargerId}::uuid AND "evseId" = ${evseId} AND "connectorId" = ${connectorId} RETURNING id, status`;

  // Webhooks' outbox rows are CTEs of the same statement: written exactly when the status is.
  const faultId = randomUUID();
  const statusHook = enqueueEventSql(
    {
      id: eventIdOf('connector.status_changed', `${chargerId}_${evseId}_${connectorId}_${timestamp.getTime()}`),
      type: 'connector.status_changed',
      tenantId,
      chargerId,
      occurredAt: timestamp,
      data: { chargerId, evseId, connectorId, status, errorCode },
    },
    Prisma.sql`EXISTS (SELECT 1 FROM target)`,
  );
  const faultHook = faulted
    ? Prisma.sql`, fault_hook AS (${enqueueEventSql(
        {
          id: eventIdOf('charger.fault', faultId),
          type: 'charger.fault',
          tenantId,
          chargerId,
          occurredAt: timestamp,
          data: { chargerId, faultId, kind: 'CONNECTOR_ERROR', code, evseId },
        },
        Prisma.sql`EXISTS (SELECT 1 FROM opened)`,
      )})`
    : Prisma.empty;

  const run = () =>
    sqlQuery<Outcome>(
      db,
      Prisma.sql`
    WITH target AS (${target}),
    ev AS (
      INSERT INTO "StatusEvent" ("tenantId", "chargerId", "evseId", "connectorId", status, "errorCode", info, "vendorErrorCode", "timestamp", "receivedAt")
      SELECT ${tenantId}::uuid, ${chargerId}::uuid, ${evseId}, ${connectorId}, ${status}::"ConnectorStatus", ${errorCode}, ${info}, ${vendorErrorCode}, ${utc(timestamp)}, ${nowUtc}
      WHERE EXISTS (SELECT 1 FROM target)
    ),
    open AS (
      SELECT id, code FROM "Fault"
      WHERE "chargerId" = ${chargerId}::uuid AND "evseId" = ${evseId} AND "connectorId" = ${connectorId} AND kind = 'CONNECTOR_ERROR' AND "endedAt" IS NULL
      LIMIT 1
    ),
    opened AS (
      INSERT INTO "Fault" (id, "tenantId", "chargerId", "vendorId", "evseId", "connectorId", kind, code, description, severity, "startedAt")
      SELECT ${faultId}::uuid, ${tenantId}::uuid, ${chargerId}::uuid, (SELECT "vendorId" FROM "Charger" WHERE id = ${chargerId}::uuid),
             ${evseId}, ${connectorId}, 'CONNECTOR_ERROR', ${code}, ${info ?? vendorErrorCode}, 5, ${utc(timestamp)}
      WHERE ${faulted} AND EXISTS (SELECT 1 FROM target) AND NOT EXISTS (SELECT 1 FROM open)
      RETURNING id
    ),
    closed AS (
      UPDATE "Fault" SET "endedAt" = ${utc(timestamp)} WHERE id = (SELECT id FROM open) AND NOT ${faulted} AND EXISTS (SELECT 1 FROM target)
      RETURNING id, code
    ),
    status_hook AS (${statusHook})${faultHook}
    SELECT (SELECT count(*) FROM target)::int AS updated, (SELECT status FROM target)::text AS status,
           (SELECT id FROM opened)::text AS "openedId",
           (SELECT id FROM closed)::text AS "closedId", (SELECT code FROM closed) AS "closedCode"`,
    );

  let [outcome] = await run();
  if (!outcome?.updated && evseId > 0) {
    await db.$transaction((tx) => ensureConnector(tx, { tenantId, chargerId, evseId, connectorId }));
    [outcome] = await run();
  }
  if (!outcome?.updated) throw new Error(`Status for unknown charger ${chargerId}`);

  if (!events) return;
  const at = timestamp.toISOString();
  const emitted: LiveEvent[] = [
    {
      type: 'connector.status',
      tenantId,
      chargerId,
      evseId,
      connectorId,
      status: outcome.status ?? status,
      errorCode,
      at,
    },
  ];
  if (outcome.openedId)
    emitted.push({
      type: 'fault.opened',
      tenantId,
      chargerId,
      faultId: outcome.openedId,
      kind: 'CONNECTOR_ERROR',
      code,
      evseId,
      at,
    });
  if (outcome.closedId)
    emitted.push({
      type: 'fault.closed',
      tenantId,
      chargerId,
      faultId: outcome.closedId,
      kind: 'CONNECTOR_ERROR',
      code: outcome.closedCode ?? code,
      evseId,
      at,
    });
  for (const e of emitted) events(e);
}
