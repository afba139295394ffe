import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { BATCH_TEXT, batchStatement, MeterWriter } from './write-meter-values.ts';

// The meter batch runs for every meter message of the fleet. Its plan is made once per connection
// (generic), so it must not depend on how many rows a table holds: a plan that reads the whole
// Connector table, or a charger's whole transaction history, gets slower every week in service.

let t: TestDatabase;
let client: pg.Client;
let charger: { id: string; tenantId: string };

beforeAll(async () => {
  t = await createTestDatabase();
  client = new pg.Client({ connectionString: t.url });
  await client.connect();
  // 400 chargers with one connector each, 40 finished sessions apiece with their readings, and one running.
  await client.query(`
    INSERT INTO "Tenant"(id, slug, name, "updatedAt") VALUES (gen_random_uuid(), 'plan', 'Plan', now());
    INSERT INTO "Charger"(id, "tenantId", identity, protocol, "updatedAt")
      SELECT gen_random_uuid(), t.id, 'PLAN-' || g, 'OCPP16', now() FROM "Tenant" t, generate_series(1, 400) g;
    INSERT INTO "Evse"(id, "tenantId", "chargerId", "evseId") SELECT gen_random_uuid(), "tenantId", id, 1 FROM "Charger";
    INSERT INTO "Connector"(id, "tenantId", "chargerId", "evseRowId", "evseId")
      SELECT gen_random_uuid(), "tenantId", "chargerId", id, 1 FROM "Evse";
    INSERT INTO "Transaction"(id, "tenantId", "chargerId", "evseId", "ocppTransactionId", status, "startedAt", "stoppedAt", "updatedAt")
      SELECT gen_random_uuid(), c."tenantId", c.id, 1, c.identity || '-' || g, 'COMPLETED',
        now() - g * interval '1 day', now() - g * interval '1 day' + interval '1 hour', now()
      FROM "Charger" c, generate_series(1, 40) g;
    INSERT INTO "Transaction"(id, "tenantId", "chargerId", "evseId", "ocppTransactionId", status, "startedAt", "updatedAt")
      SELECT gen_random_uuid(), c."tenantId", c.id, 1, c.identity || '-now', 'ACTIVE', now(), now() FROM "Charger" c;
    INSERT INTO "MeterSample"("tenantId", "chargerId", "transactionId", "evseId", "timestamp", value)
      SELECT x."tenantId", x."chargerId", x.id, 1, x."startedAt" + g * interval '15 minutes', g * 1000
      FROM "Transaction" x, generate_series(0, 4) g WHERE x.status = 'COMPLETED';
    ANALYZE;`);
  const row = await client.query<{ id: string; tenantId: string }>(
    `SELECT id, "tenantId" FROM "Charger" WHERE identity = 'PLAN-7'`,
  );
  charger = row.rows[0]!;
});
afterAll(async () => {
  await client.end();
  await t.drop();
});

describe('the meter batch statement', () => {
  it('is planned as index lookups only (no table scans, whatever the tables hold)', async () => {
    await client.query('SET plan_cache_mode = force_generic_plan');
    await client.query(`PREPARE meter_batch(json) AS ${BATCH_TEXT}`);
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE meter_batch('[]')`);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).not.toMatch(/Seq Scan|Bitmap/);
    // The running transaction of an EVSE is found among the charger's running ones, not its history.
    expect(plan).toContain('Transaction_chargerId_status_idx');
    expect(plan).toMatch(/Index Scan using "Connector_chargerId_evseId_connectorId_key"/);
    // A reading sent again (1.6 or 2.0.1) is looked for among its transaction's readings at that time.
    // So is an interval's energy (chargers with no register), before the session adds it.
    expect(plan.match(/Index Scan using "MeterSample_transactionId_timestamp_idx"/g)).toHaveLength(2);
  });

  it('files each write under the running transaction and moves its connector', async () => {
    const at = new Date('2026-12-01T10:00:00Z');
    const writer = new MeterWriter(t.db);
    const result = await writer.write({
      tenantId: charger.tenantId,
      chargerId: charger.id,
      evseId: 1,
      transactionSeq: null,
      readings: { energyWh: 5000, powerW: 7000, soc: 40, at },
      samples: [
        { timestamp: at, measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 5000 },
        { timestamp: at, measurand: 'Power.Active.Import', unit: 'W', value: 7000 },
      ],
    });
    const tx = await t.db.transaction.findFirstOrThrow({ where: { chargerId: charger.id, status: 'ACTIVE' } });
    expect(result).toEqual({ transactionId: tx.id, activeId: tx.id, energyWh: 0, evseId: 1 });
    expect(tx.lastMeterWh).toBe(5000);
    const samples = await t.db.meterSample.findMany({ where: { transactionId: tx.id }, orderBy: { measurand: 'asc' } });
    expect(samples.map((s) => [s.measurand, s.value])).toEqual([
      ['Energy.Active.Import.Register', 5000],
      ['Power.Active.Import', 7000],
    ]);
    const connector = await t.db.connector.findFirstOrThrow({ where: { chargerId: charger.id } });
    expect(connector).toMatchObject({ livePowerW: 7000, liveSoc: 40, liveAt: at });
  });

  it('numbers the writes of a batch from 1 (the range the plan relies on)', () => {
    const write = {
      tenantId: charger.tenantId,
      chargerId: charger.id,
      evseId: 1,
      transactionSeq: null,
      readings: { energyWh: null, powerW: null, soc: null, at: null },
      samples: [],
    };
    const { values } = batchStatement([write, { ...write, chargerId: 'other' }]);
    const rows = JSON.parse(values[0] as string) as { i: number; samples: unknown[] }[];
    expect(rows.map((r) => r.i)).toEqual([1, 2]);
    expect(rows[0]!.samples).toEqual([]);
  });
});
