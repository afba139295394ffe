import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { verifySecret } from '../auth/password.ts';
import { seedDemo } from './seed-demo.ts';
import { seedLargeFleet } from './seed-large-fleet.ts';

describe('seedDemo', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('creates the promised demo network once', async () => {
    const first = await seedDemo({ db: t.db });
    expect(first.created).toBe(true);
    const second = await seedDemo({ db: t.db });
    expect(second).toEqual({ created: false, tenantId: first.tenantId });

    const tenantId = first.tenantId;
    const sites = await t.db.site.findMany({ where: { tenantId } });
    expect(sites).toHaveLength(6);
    expect(new Set(sites.map((s) => s.city)).size).toBe(3);
    expect(await t.db.vendor.count({ where: { tenantId } })).toBe(2);
    const chargers = await t.db.charger.findMany({ where: { tenantId }, include: { connectors: true } });
    expect(chargers).toHaveLength(24);
    expect(new Set(chargers.map((c) => c.protocol))).toEqual(new Set(['OCPP16', 'OCPP201']));
    for (const c of chargers) {
      expect(c.connectors.length).toBeGreaterThanOrEqual(1);
      expect(c.connectors.length).toBeLessThanOrEqual(2);
      expect(Number(c.maxPowerKw)).toBeGreaterThanOrEqual(7.4);
      expect(Number(c.maxPowerKw)).toBeLessThanOrEqual(60);
      expect(c.vendorId).not.toBeNull();
    }
    const admin = await t.db.user.findUniqueOrThrow({
      where: { email: 'admin@demo.test' },
      include: { memberships: true },
    });
    expect(await verifySecret('demo1234', admin.passwordHash)).toBe(true);
    expect(admin.memberships[0]?.role).toBe('OPERATOR_ADMIN');
    const vendorUser = await t.db.user.findUniqueOrThrow({
      where: { email: 'vendor@demo.test' },
      include: { memberships: true },
    });
    expect(vendorUser.memberships[0]?.role).toBe('VENDOR_USER');
    expect(vendorUser.memberships[0]?.vendorId).not.toBeNull();
    const versions = await t.db.tariffVersion.findMany({ where: { tenantId } });
    expect(versions).toHaveLength(1);
  });

  it('adds a large fleet of exactly the requested connectors', async () => {
    const tenant = await t.db.tenant.create({ data: { slug: 'big', name: 'Big Fleet' } });
    const r = await seedLargeFleet({ db: t.db, tenantId: tenant.id, connectors: 2001 });
    expect(r).toEqual({ chargers: 1001, connectors: 2001 });
    expect(await t.db.connector.count({ where: { tenantId: tenant.id } })).toBe(2001);
  });
});
