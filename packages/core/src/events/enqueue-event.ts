import { Prisma, type Db } from '@magma/db';
import { envelopeOf, type DomainEvent } from './catalogue.ts';

// The event log and the outbox: a use case reports a fact by writing one EventLog row in the same
// transaction as the fact, so the event exists if and only if the fact was committed. The row's
// trigger (migration event_log) writes one WebhookDelivery per matching endpoint in the same
// statement; the worker (apps/worker) sends those, and the API's event stream reads the log itself
// (its bigint id is the stream's event id).

type Executor = Pick<Db, '$executeRaw'> | Prisma.TransactionClient;

/**
 * One INSERT statement: the event, with its site and vendor resolved from the charger when the
 * caller did not name them. An event already written (same tenant and id) is not written again, and
 * so not delivered again; it is looked for first, so a repeat takes no id from the sequence (a gap
 * in the ids holds the stream's live delivery back a moment, see packages/api/src/stream). `when` makes it conditional, for a hot path that writes the fact and its
 * event in one statement (as CTEs).
 */
export function enqueueEventSql(event: DomainEvent, when: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  const body = JSON.stringify(envelopeOf(event));
  const chargerId = event.chargerId ?? null;
  const charger = (column: 'siteId' | 'vendorId') =>
    Prisma.sql`(SELECT c.${Prisma.raw(`"${column}"`)} FROM "Charger" c WHERE c.id = ${chargerId}::uuid AND c."tenantId" = ${event.tenantId}::uuid)`;
  return Prisma.sql`
    INSERT INTO "EventLog" ("tenantId", "messageId", type, "siteId", "chargerId", "vendorId", payload, "createdAt")
    SELECT ${event.tenantId}::uuid, ${event.id}, ${event.type}, COALESCE(${event.siteId ?? null}::uuid, ${charger('siteId')}),
           ${chargerId}::uuid, COALESCE(${event.vendorId ?? null}::uuid, ${charger('vendorId')}), ${body}::jsonb,
           (now() AT TIME ZONE 'UTC')
    WHERE (${when}) AND NOT EXISTS (
      SELECT 1 FROM "EventLog" l WHERE l."tenantId" = ${event.tenantId}::uuid AND l."messageId" = ${event.id})
    ON CONFLICT ("tenantId", "messageId") DO NOTHING`;
}

/** Call inside the transaction that records the fact; returns 1 when the event was written, 0 when it already was. */
export function enqueueEvent(tx: Executor, event: DomainEvent): Promise<number> {
  return tx.$executeRaw(enqueueEventSql(event));
}

/** For a batch `db.$transaction([...])`: the same statement as a query the batch runs atomically. */
export function enqueueEventQuery(db: Db, event: DomainEvent) {
  return db.$executeRaw(enqueueEventSql(event));
}
