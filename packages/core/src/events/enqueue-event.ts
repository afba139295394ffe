import { Prisma, type Db } from '@magma/db';
import { envelopeOf, type DomainEvent } from './catalogue.ts';

// The outbox: a use case reports a fact by writing one delivery row per matching endpoint in the
// same transaction as the fact, so a delivery exists if and only if the fact was committed. The
// worker (apps/worker) sends what is written here.

type Executor = Pick<Db, '$executeRaw'> | Prisma.TransactionClient;

/**
 * One statement: a delivery for every enabled endpoint of the tenant that takes this event type
 * (an empty filter takes every type) and this site (a global endpoint takes every site). An event
 * already written for an endpoint (same id) is not written again. `when` makes it conditional, for a
 * hot path that writes the fact and its outbox rows in one statement (as CTEs).
 */
export function enqueueEventSql(event: DomainEvent, when: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  const body = JSON.stringify(envelopeOf(event));
  const siteId = event.siteId ?? null;
  const chargerId = event.chargerId ?? null;
  return Prisma.sql`
    INSERT INTO "WebhookDelivery" (id, "tenantId", "endpointId", "messageId", "eventType", payload, "nextAttemptAt", "createdAt")
    SELECT gen_random_uuid(), e."tenantId", e.id, ${event.id}, ${event.type}, ${body}::jsonb,
           (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')
    FROM "WebhookEndpoint" e
    WHERE (${when}) AND e."tenantId" = ${event.tenantId}::uuid AND e.status = 'ENABLED'
      AND (cardinality(e."eventTypes") = 0 OR ${event.type}::text = ANY(e."eventTypes"))
      AND (e."siteId" IS NULL OR e."siteId" = COALESCE(${siteId}::uuid,
             (SELECT c."siteId" FROM "Charger" c WHERE c.id = ${chargerId}::uuid AND c."tenantId" = e."tenantId")))
    ON CONFLICT ("endpointId", "messageId") DO NOTHING`;
}

/** Call inside the transaction that records the fact; returns how many deliveries were written. */
export function enqueueEvent(tx: Executor, event: DomainEvent): Promise<number> {
  return tx.$executeRaw(enqueueEventSql(event));
}

/** For a batch `db.$transaction([...])`: the same statement as a query the batch runs atomically. */
export function enqueueEventQuery(db: Db, event: DomainEvent) {
  return db.$executeRaw(enqueueEventSql(event));
}
