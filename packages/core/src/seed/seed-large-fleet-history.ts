import type { Db } from '@magma/db';

/**
 * History for a large fleet's lists, written by PostgreSQL itself (INSERT … SELECT over
 * generate_series, one statement per table) so a benchmark's fleet fills in seconds: `sessions`
 * completed sessions over the last 30 days spread over the tenant's chargers (a few still
 * charging), `cards` RFID cards (some blocked, some expired), and `payouts` vendor payouts over
 * the last 12 weeks in weekly runs, in every status. For the first page of each big list at scale.
 */
export async function seedLargeFleetHistory({
  db,
  tenantId,
  sessions,
  cards,
  payouts,
  prefix = 'FLEET',
}: {
  db: Db;
  tenantId: string;
  sessions: number;
  cards: number;
  payouts: number;
  prefix?: string;
}): Promise<{ sessions: number; cards: number; payouts: number }> {
  const madeCards = await db.$executeRaw`
    INSERT INTO "IdToken" (id, "tenantId", token, type, status, "expiresAt", label, "createdAt", "updatedAt")
    SELECT gen_random_uuid(), ${tenantId}::uuid, ${prefix} || '-CARD-' || lpad(i::text, 7, '0'), 'RFID',
      (CASE WHEN i % 20 = 0 THEN 'BLOCKED' ELSE 'ACCEPTED' END)::"IdTokenStatus",
      CASE WHEN i % 7 = 0 THEN now() - (i % 90) * interval '1 day' WHEN i % 3 = 0 THEN now() + interval '1 year' END,
      'Fleet card ' || i, now() - (i % 365) * interval '1 day', now()
    FROM generate_series(1, ${cards}::int) i`;
  // Sessions on the tenant's chargers, round-robin, with the card that started them.
  const madeSessions = await db.$executeRaw`
    WITH ch AS (
      SELECT id, "siteId", "vendorId", row_number() OVER (ORDER BY identity) - 1 AS n, count(*) OVER () AS total
      FROM "Charger" WHERE "tenantId" = ${tenantId}::uuid
    ), s AS (
      SELECT i, now() - (i::float / ${sessions}::int) * interval '30 days' AS started,
        ((i * 7919) % 60000) + 2000 AS wh
      FROM generate_series(1, ${sessions}::int) i
    )
    INSERT INTO "Transaction" (id, "tenantId", "chargerId", "siteId", "vendorId", "evseId", "connectorId",
      "ocppTransactionId", "idTag", status, "startedAt", "stoppedAt", "energyWh", "costMinor", "taxMinor",
      "stopReason", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), ${tenantId}::uuid, ch.id, ch."siteId", ch."vendorId", 1 + (s.i % 2), 1,
      'bench-' || s.i, ${prefix} || '-CARD-' || lpad((1 + s.i % GREATEST(${cards}::int, 1))::text, 7, '0'),
      (CASE WHEN s.i <= 20 THEN 'ACTIVE' ELSE 'COMPLETED' END)::"TransactionStatus",
      s.started, CASE WHEN s.i > 20 THEN s.started + (30 + s.i % 90) * interval '1 minute' END,
      s.wh, CASE WHEN s.i > 20 THEN (s.wh * 18 / 1000)::int * 100 END, CASE WHEN s.i > 20 THEN (s.wh * 18 / 1000)::int * 18 END,
      CASE WHEN s.i > 20 THEN 'Local' END, s.started, now()
    FROM s JOIN ch ON ch.n = s.i % ch.total`;
  // Weekly runs, and each run's payouts to the tenant's vendors (or the operator).
  const runs = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "PayoutRun" (id, "tenantId", rail, status, "createdAt", "updatedAt")
    SELECT gen_random_uuid(), ${tenantId}::uuid, 'RAZORPAYX', 'DONE', now() - w * interval '7 days', now()
    FROM generate_series(1, 12) w
    RETURNING id::text`;
  const madePayouts = await db.$executeRaw`
    WITH r AS (SELECT id, "createdAt", row_number() OVER (ORDER BY "createdAt") - 1 AS n FROM "PayoutRun"
               WHERE id = ANY(${runs.map((x) => x.id)}::uuid[])),
    v AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n, count(*) OVER () AS total FROM "Vendor"
          WHERE "tenantId" = ${tenantId}::uuid)
    INSERT INTO "Payout" (id, "tenantId", "runId", "vendorId", "amountMinor", rail, "idempotencyKey", status, utr,
      "createdAt", "updatedAt")
    SELECT gen_random_uuid(), ${tenantId}::uuid, r.id,
      (SELECT v.id FROM v WHERE v.n = i % GREATEST(v.total, 1)), 10000 + (i * 7919) % 5000000, 'RAZORPAYX',
      ${prefix} || '-payout-' || ${tenantId}::text || '-' || i,
      (ARRAY['PROCESSED','PROCESSED','PROCESSED','PROCESSING','QUEUED','FAILED','REVERSED'])[1 + i % 7],
      CASE WHEN i % 7 < 3 THEN 'UTR' || lpad(i::text, 10, '0') END,
      r."createdAt" + (i % 1000) * interval '1 second', now()
    FROM generate_series(1, ${payouts}::int) i JOIN r ON r.n = i % 12`;
  return { sessions: madeSessions, cards: madeCards, payouts: madePayouts };
}
