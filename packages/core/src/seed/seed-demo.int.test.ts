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

  it('marks the chargers it created, also in a demo tenant seeded before chargers had an origin', async () => {
    const { tenantId } = await seedDemo({ db: t.db });
    const seeded = await t.db.charger.findMany({ where: { tenantId }, select: { origin: true } });
    expect(new Set(seeded.map((c) => c.origin))).toEqual(new Set(['DEMO_SEED']));

    await t.db.charger.updateMany({ where: { tenantId }, data: { origin: 'OPERATOR' } });
    await t.db.charger.create({ data: { tenantId, identity: 'LATER-1' } });
    await seedDemo({ db: t.db });
    const after = await t.db.charger.findMany({ where: { tenantId }, select: { identity: true, origin: true } });
    expect(after.filter((c) => c.origin === 'DEMO_SEED')).toHaveLength(24);
    expect(after.find((c) => c.identity === 'LATER-1')?.origin).toBe('OPERATOR');

    // A tenant the seed did not create is never marked, whatever its chargers are called.
    const other = await t.db.tenant.create({ data: { slug: 'not-seeded', name: 'Not seeded' } });
    await t.db.charger.create({ data: { tenantId: other.id, identity: after[0]!.identity } });
    await seedDemo({ db: t.db, slug: 'not-seeded' });
    expect((await t.db.charger.findFirstOrThrow({ where: { tenantId: other.id } })).origin).toBe('OPERATOR');
  });

  it('adds a large fleet of exactly the requested connectors', async () => {
    const tenant = await t.db.tenant.create({ data: { slug: 'big', name: 'Big Fleet' } });
    const r = await seedLargeFleet({ db: t.db, tenantId: tenant.id, connectors: 2001 });
    expect(r).toEqual({ chargers: 1001, connectors: 2001 });
    expect(await t.db.connector.count({ where: { tenantId: tenant.id } })).toBe(2001);
  });
});
