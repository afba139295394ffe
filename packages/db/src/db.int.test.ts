import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { applyMigrations, diffMigrationsAgainstSchema } from './migrate.ts';
import { createTestDatabase, databaseUrl, type TestDatabase } from './testing.ts';

describe('database package', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  it('has every migration applied and re-applying is a no-op', async () => {
    expect(await applyMigrations(t.url)).toEqual([]);
    const rows = await t.db.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
    expect(Number(rows[0]?.n)).toBeGreaterThan(0);
  });

  it('committed migrations match the Prisma schema exactly', async () => {
    expect(await diffMigrationsAgainstSchema(t.url)).toBe('');
  });

  it('round-trips a tenant, charger and connector through the client', async () => {
    const tenant = await t.db.tenant.create({ data: { slug: 'rt', name: 'Round Trip' } });
    const charger = await t.db.charger.create({
      data: { tenantId: tenant.id, identity: 'RT-1', protocol: 'OCPP201' },
    });
    const evse = await t.db.evse.create({ data: { tenantId: tenant.id, chargerId: charger.id, evseId: 1 } });
    await t.db.connector.create({
      data: { tenantId: tenant.id, chargerId: charger.id, evseRowId: evse.id, evseId: 1, type: 'CCS2' },
    });
    const found = await t.db.charger.findFirstOrThrow({ where: { identity: 'RT-1' }, include: { connectors: true } });
    expect(found.protocol).toBe('OCPP201');
    expect(found.connectors).toHaveLength(1);
  });

  it('rejects a second charger with the same OCPP identity', async () => {
    const tenant = await t.db.tenant.create({ data: { slug: 'dup', name: 'Dup' } });
    await t.db.charger.create({ data: { tenantId: tenant.id, identity: 'DUP-1' } });
    await expect(t.db.charger.create({ data: { tenantId: tenant.id, identity: 'DUP-1' } })).rejects.toThrow();
  });
});

// The same migrations must apply to an operator's own PostgreSQL server. On this machine (and in
// CI) that is the system PostgreSQL on 127.0.0.1:5432.
describe('external PostgreSQL server', () => {
  const server = process.env.MAGMA_EXTERNAL_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  it('applies the migrations to a fresh database on the external server', async () => {
    const name = `magma_ext_${Date.now()}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const url = databaseUrl(server, name);
      const applied = await applyMigrations(url);
      expect(applied.length).toBeGreaterThan(0);
      expect(await applyMigrations(url)).toEqual([]);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const r = await c.query(`SELECT to_regclass('public."Charger"') AS t`);
      await c.end();
      expect(r.rows[0].t).toBe('"Charger"');
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
