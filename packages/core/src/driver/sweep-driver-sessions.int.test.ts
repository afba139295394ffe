import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unadjustedSessions } from './sweep-driver-sessions.ts';

// The sweep runs every few seconds in every web process, for all tenants: its look for settled
// sessions whose late stop nobody heard must read the few superseded transactions priced lately,
// not the transaction history nor every driver session.

let t: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  t = await createTestDatabase();
  client = new pg.Client({ connectionString: t.url });
  await client.connect();
  // 200 chargers with 40 priced sessions apiece, one in a hundred superseded, each with its driver session.
  await client.query(`
    INSERT INTO "Tenant"(id, slug, name, "updatedAt") VALUES (gen_random_uuid(), 'plan', 'Plan', now());
    INSERT INTO "Charger"(id, "tenantId", identity, protocol, "updatedAt")
      SELECT gen_random_uuid(), t.id, 'PLAN-' || g, 'OCPP16', now() FROM "Tenant" t, generate_series(1, 200) g;
    INSERT INTO "Transaction"(id, "tenantId", "chargerId", "evseId", "ocppTransactionId", status, "startedAt",
        "stoppedAt", "pricedAt", "supersededById", "updatedAt")
      SELECT gen_random_uuid(), c."tenantId", c.id, 1, c.identity || '-' || g, 'COMPLETED',
        now() - g * interval '1 day', now() - g * interval '1 day' + interval '1 hour',
        now() - g * interval '1 day' + interval '1 hour', CASE WHEN random() < 0.01 THEN gen_random_uuid() END, now()
      FROM "Charger" c, generate_series(1, 40) g;
    INSERT INTO "Evse"(id, "tenantId", "chargerId", "evseId") SELECT gen_random_uuid(), "tenantId", id, 1 FROM "Charger";
    INSERT INTO "Connector"(id, "tenantId", "chargerId", "evseRowId", "evseId")
      SELECT gen_random_uuid(), "tenantId", "chargerId", id, 1 FROM "Evse";
    INSERT INTO "DriverSession"(id, "tenantId", "tokenHash", kind, status, "chargerId", "connectorRowId", "evseId",
        "transactionId", "costMinor", "settledAt", "updatedAt")
      SELECT gen_random_uuid(), x."tenantId", x.id::text, 'PAID', 'SETTLED', x."chargerId", c.id, 1, x.id, 100,
        x."stoppedAt", now()
      FROM "Transaction" x JOIN "Connector" c ON c."chargerId" = x."chargerId";
    ANALYZE;`);
});
afterAll(async () => {
  await client.end();
  await t.drop();
});

describe('the sweep’s look for unadjusted settled sessions', () => {
  it('is planned on the partial index of superseded transactions, then each session by its transaction', async () => {
    const query = unadjustedSessions(new Date());
    await client.query('SET plan_cache_mode = force_generic_plan');
    await client.query(`PREPARE unadjusted(text) AS ${query.text}`);
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE unadjusted('2026-12-01T00:00:00Z')`);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).not.toMatch(/Seq Scan|Bitmap Heap Scan on "DriverSession"/);
    expect(plan).toMatch(/Index Scan using "Transaction_pricedAt_idx"/);
    expect(plan).toMatch(/Index Scan using "DriverSession_transactionId_key"/);
  });
});
